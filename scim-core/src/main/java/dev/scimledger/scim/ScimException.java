package dev.scimledger.scim;

/**
 * Why a request or a command is refused, in the domain's words: the request is invalid (with its SCIM error type),
 * names nothing that exists, conflicts with what exists, was decided on a version that is no longer current, asks
 * for too much, or may not be made. The kinds are closed; each carries the HTTP status RFC 7644 §3.12 gives it, which
 * only the gateway's rendering reads. Thrown by the pure SCIM code, the aggregates and the application layer.
 */
public abstract sealed class ScimException extends RuntimeException {

    private final ScimErrorType scimType;
    private final String detail;

    private ScimException(ScimErrorType scimType, String detail) {
        super(detail);
        this.scimType = scimType;
        this.detail = detail;
    }

    /** The request cannot be carried out as written: 400 with its SCIM type (may be null). */
    public static ScimException invalid(ScimErrorType scimType, String detail) {
        return new Invalid(scimType, detail);
    }

    /** The resource, or the tenant it would belong to, does not exist: 404. */
    public static ScimException notFound(String detail) {
        return new NotFound(detail);
    }

    /** Another resource holds a unique value already: 409 {@code uniqueness}. */
    public static ScimException conflict(String detail) {
        return new Conflict(ScimErrorType.UNIQUENESS, detail);
    }

    /** The request conflicts with the resource's current state (a concurrent change, a run in progress): 409. */
    public static ScimException conflict(ScimErrorType scimType, String detail) {
        return new Conflict(scimType, detail);
    }

    /** The request was made against a version that is no longer the current one (If-Match): 412. */
    public static ScimException staleVersion(String detail) {
        return new StaleVersion(detail);
    }

    /** More operations or values than a limit allows: 413 {@code tooMany}. */
    public static ScimException tooMany(String detail) {
        return new TooMany(detail);
    }

    /** The caller may not do this (a tenant's policy): 403. */
    public static ScimException forbidden(String detail) {
        return new Forbidden(detail);
    }

    /** No valid credential came with the request: 401. */
    public static ScimException unauthenticated(String detail) {
        return new Unauthenticated(detail);
    }

    /** The code was called wrongly (a defect, not the client's fault): 500. */
    public static ScimException internal(String detail) {
        return new Internal(detail);
    }

    /** The HTTP status RFC 7644 §3.12 answers this kind of refusal with. */
    public abstract int status();

    /** The same refusal with another detail (e.g. naming where in the request it was found). */
    public abstract ScimException withDetail(String detail);

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

    public static final class Invalid extends ScimException {
        private Invalid(ScimErrorType scimType, String detail) {
            super(scimType, detail);
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new Invalid(scimType(), detail);
        }
    }

    public static final class NotFound extends ScimException {
        private NotFound(String detail) {
            super(null, detail);
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new NotFound(detail);
        }
    }

    public static final class Conflict extends ScimException {
        private Conflict(ScimErrorType scimType, String detail) {
            super(scimType, detail);
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new Conflict(scimType(), detail);
        }
    }

    public static final class StaleVersion extends ScimException {
        private StaleVersion(String detail) {
            super(null, detail);
        }

        @Override
        public int status() {
            return 412;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new StaleVersion(detail);
        }
    }

    public static final class TooMany extends ScimException {
        private TooMany(String detail) {
            super(ScimErrorType.TOO_MANY, detail);
        }

        @Override
        public int status() {
            return 413;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new TooMany(detail);
        }
    }

    public static final class Forbidden extends ScimException {
        private Forbidden(String detail) {
            super(null, detail);
        }

        @Override
        public int status() {
            return 403;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new Forbidden(detail);
        }
    }

    public static final class Unauthenticated extends ScimException {
        private Unauthenticated(String detail) {
            super(null, detail);
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new Unauthenticated(detail);
        }
    }

    public static final class Internal extends ScimException {
        private Internal(String detail) {
            super(null, detail);
        }

        @Override
        public int status() {
            return 500;
        }

        @Override
        public ScimException withDetail(String detail) {
            return new Internal(detail);
        }
    }
}
