package dev.scimledger.scim.schema;

/**
 * The {@code mutability} characteristic of RFC 7643 §7.
 */
public enum Mutability {
    READ_ONLY("readOnly"),
    READ_WRITE("readWrite"),
    IMMUTABLE("immutable"),
    WRITE_ONLY("writeOnly");

    private final String wireName;

    Mutability(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in a schema representation (RFC 7643 §7). */
    public String wireName() {
        return wireName;
    }
}
