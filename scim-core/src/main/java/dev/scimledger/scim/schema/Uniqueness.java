package dev.scimledger.scim.schema;

/**
 * The {@code uniqueness} characteristic of RFC 7643 §7.
 */
public enum Uniqueness {
    NONE("none"),
    SERVER("server"),
    GLOBAL("global");

    private final String wireName;

    Uniqueness(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in a schema representation (RFC 7643 §7). */
    public String wireName() {
        return wireName;
    }
}
