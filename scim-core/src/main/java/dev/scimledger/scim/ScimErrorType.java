package dev.scimledger.scim;

/**
 * The {@code scimType} values of RFC 7644 §3.12, Table 9.
 */
public enum ScimErrorType {
    INVALID_FILTER("invalidFilter"),
    TOO_MANY("tooMany"),
    UNIQUENESS("uniqueness"),
    MUTABILITY("mutability"),
    INVALID_SYNTAX("invalidSyntax"),
    INVALID_PATH("invalidPath"),
    NO_TARGET("noTarget"),
    INVALID_VALUE("invalidValue"),
    INVALID_VERS("invalidVers"),
    SENSITIVE("sensitive");

    private final String wireName;

    ScimErrorType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in the {@code scimType} member of an error response. */
    public String wireName() {
        return wireName;
    }
}
