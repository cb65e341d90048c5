package dev.scimledger.scim;

/**
 * Why a request or a command is refused, in the domain's words: the request is invalid (with its SCIM error type),
 * names nothing that exists, conflicts with what exists, was decided on a version that is no longer current, asks
 * for too much, or may not be made. The kinds are closed ({@link Kind}); each carries the HTTP status RFC 7644 §3.12
 * gives it, which only the gateway's rendering reads. Thrown by the pure SCIM code, the aggregates and the application
 * layer.
 */
public final class ScimException extends RuntimeException {

    /** Why a request is refused, with the status RFC 7644 §3.12 answers it with. */
    public enum Kind {
        /** The request cannot be carried out as written. */
        INVALID(400),
        /** No valid credential came with the request. */
        UNAUTHENTICATED(401),
        /** The caller may not do this (a tenant's policy). */
        FORBIDDEN(403),
        /** The resource, or the tenant it would belong to, does not exist. */
        NOT_FOUND(404),
        /** The request conflicts with what exists (a unique value, a concurrent change, a run in progress). */
        CONFLICT(409),
        /** The request was made against a version that is no longer the current one (If-Match). */
        STALE_VERSION(412),
        /** More operations or values than a limit allows. */
        TOO_MANY(413),
        /** More requests than the caller's rate allows (each operation of a Bulk counts). */
        RATE_LIMITED(429),
        /** The code was called wrongly (a defect, not the client's fault). */
        INTERNAL(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final ScimErrorType scimType;
    private final String detail;

    private ScimException(Kind kind, ScimErrorType scimType, String detail) {
        super(detail);
        this.kind = kind;
        this.scimType = scimType;
        this.detail = detail;
    }

    /** 400 with its SCIM type (may be null). */
    public static ScimException invalid(ScimErrorType scimType, String detail) {
        return new ScimException(Kind.INVALID, scimType, detail);
    }

    /** 404. */
    public static ScimException notFound(String detail) {
        return new ScimException(Kind.NOT_FOUND, null, detail);
    }

    /** Another resource holds a unique value already: 409 {@code uniqueness}. */
    public static ScimException conflict(String detail) {
        return new ScimException(Kind.CONFLICT, ScimErrorType.UNIQUENESS, detail);
    }

    /** The request conflicts with the resource's current state (a concurrent change, a run in progress): 409. */
    public static ScimException conflict(ScimErrorType scimType, String detail) {
        return new ScimException(Kind.CONFLICT, scimType, detail);
    }

    /** 412. */
    public static ScimException staleVersion(String detail) {
        return new ScimException(Kind.STALE_VERSION, null, detail);
    }

    /** 413 {@code tooMany}. */
    public static ScimException tooMany(String detail) {
        return new ScimException(Kind.TOO_MANY, ScimErrorType.TOO_MANY, detail);
    }

    /** 429: the caller sends faster than its rate allows. */
    public static ScimException rateLimited(String detail) {
        return new ScimException(Kind.RATE_LIMITED, null, detail);
    }

    /** 403. */
    public static ScimException forbidden(String detail) {
        return new ScimException(Kind.FORBIDDEN, null, detail);
    }

    /** 401. */
    public static ScimException unauthenticated(String detail) {
        return new ScimException(Kind.UNAUTHENTICATED, null, detail);
    }

    /** 500. */
    public static ScimException internal(String detail) {
        return new ScimException(Kind.INTERNAL, null, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status RFC 7644 §3.12 answers this kind of refusal with. */
    public int status() {
        return kind.status;
    }

    /** The same refusal with another detail (e.g. naming where in the request it was found). */
    public ScimException withDetail(String detail) {
        return new ScimException(kind, scimType, detail);
    }

    /** May be null: RFC 7644 defines {@code scimType} for 400 and 409 responses only. */
    public ScimErrorType scimType() {
        return scimType;
    }

    public String detail() {
        return detail;
    }

    /** The refusal a failure stands for, when one is in its cause chain (Axon may wrap a handler's exception). */
    public static ScimException in(Throwable failure) {
        return Causes.find(failure, ScimException.class);
    }
}
