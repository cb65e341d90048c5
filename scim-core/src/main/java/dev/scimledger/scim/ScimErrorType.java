package dev.scimledger.scim;

/**
 * The {@code scimType} values of RFC 7644 §3.12, Table 9, and those RFC 9865 (cursor pagination) adds to it.
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
    SENSITIVE("sensitive"),
    /** RFC 9865 §2.2: the cursor is not one this server issued for this query. */
    INVALID_CURSOR("invalidCursor"),
    /** RFC 9865 §2.2: the cursor is older than the advertised {@code cursorTimeout}. */
    EXPIRED_CURSOR("expiredCursor"),
    /** RFC 9865 §2.2: the page size of a cursor-paginated query is not a positive integer. */
    INVALID_COUNT("invalidCount");

    private final String wireName;

    ScimErrorType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in the {@code scimType} member of an error response. */
    public String wireName() {
        return wireName;
    }
}
