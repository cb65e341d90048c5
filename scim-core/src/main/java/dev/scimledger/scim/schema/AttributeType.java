package dev.scimledger.scim.schema;

/**
 * The attribute data types of RFC 7643 §2.3 ({@code type} characteristic of §7).
 */
public enum AttributeType {
    STRING("string"),
    BOOLEAN("boolean"),
    DECIMAL("decimal"),
    INTEGER("integer"),
    DATE_TIME("dateTime"),
    BINARY("binary"),
    REFERENCE("reference"),
    COMPLEX("complex");

    private final String wireName;

    AttributeType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in a schema representation (RFC 7643 §7). */
    public String wireName() {
        return wireName;
    }
}
