package dev.scimledger.scim;

/**
 * A rejection that maps to an RFC 7644 §3.12 error response: an HTTP status, an optional {@code scimType}
 * and a human-readable detail. Thrown by the pure SCIM code and by aggregates; rendered by the gateway.
 */
public class ScimException extends RuntimeException {

    private final int status;
    private final ScimErrorType scimType;
    private final String detail;

    public ScimException(int status, ScimErrorType scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
        this.detail = detail;
    }

    public static ScimException badRequest(ScimErrorType scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException conflict(String detail) {
        return new ScimException(409, ScimErrorType.UNIQUENESS, detail);
    }

    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    public int status() {
        return status;
    }

    /** May be null: RFC 7644 defines {@code scimType} for 400 and 409 responses only. */
    public ScimErrorType scimType() {
        return scimType;
    }

    public String detail() {
        return detail;
    }
}
