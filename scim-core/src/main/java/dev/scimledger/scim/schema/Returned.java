package dev.scimledger.scim.schema;

/**
 * The {@code returned} characteristic of RFC 7643 §7.
 */
public enum Returned {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String wireName;

    Returned(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in a schema representation (RFC 7643 §7). */
    public String wireName() {
        return wireName;
    }
}
