package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.DatabaseOutage;
import dev.scimledger.scim.Causes;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;


/** Renders every failure as an RFC 7644 §3.12 error response; nothing leaves as a bare 500 page. */
@RestControllerAdvice
public class ScimErrors {

    public static final String SCIM_JSON_VALUE = "application/scim+json";
    public static final MediaType SCIM_JSON = MediaType.parseMediaType(SCIM_JSON_VALUE);
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Logger log = LoggerFactory.getLogger(ScimErrors.class);

    public static ObjectNode body(int status, ScimErrorType type, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", String.valueOf(status));
        if (type != null) {
            body.put("scimType", type.wireName());
        }
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    static ResponseEntity<ObjectNode> response(int status, ScimErrorType type, String detail) {
        return ResponseEntity.status(status).contentType(SCIM_JSON).body(body(status, type, detail));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> any(Exception exception) {
        return render(exception);
    }

    /** The error response for a failure: what a request answers, and what a bulk operation reports. */
    static ResponseEntity<ObjectNode> render(Throwable exception) {
        ScimException scim = ScimException.in(exception);
        if (scim != null) {
            return response(scim.status(), scim.scimType(), scim.detail());
        }
        RequestSizeLimitFilter.TooLarge tooLarge = Causes.find(exception, RequestSizeLimitFilter.TooLarge.class);
        if (tooLarge != null) {
            return response(413, null, tooLarge.getMessage());
        }
        if (DatabaseOutage.is(exception)) {
            log.warn("database unavailable: {}", exception.toString());
            return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS))
                    .contentType(SCIM_JSON).body(body(503, null, DatabaseOutage.DETAIL));
        }
        log.error("unexpected failure", exception);
        return response(500, null, "internal error; the request may not have been applied");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ObjectNode> noRoute(NoResourceFoundException exception) {
        return response(404, null, "no such endpoint: /" + exception.getResourcePath());
    }

    /** 405 with the Allow header RFC 9110 §15.5.6 requires, e.g. for a write to a discovery endpoint. */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ObjectNode> method(HttpRequestMethodNotSupportedException exception) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(405).contentType(SCIM_JSON);
        if (exception.getSupportedHttpMethods() != null) {
            response.allow(exception.getSupportedHttpMethods().toArray(new org.springframework.http.HttpMethod[0]));
        }
        return response.body(body(405, null, "method " + exception.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException exception) {
        return render(exception.getCause() instanceof RequestSizeLimitFilter.TooLarge tooLarge ? tooLarge
                : ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the request body could not be read"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpMediaTypeNotSupportedException exception) {
        return response(415, null, "send application/scim+json or application/json");
    }

    /** In the client's words, never Spring's (which name Java types: "for method parameter type String"). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ObjectNode> parameter(MethodArgumentTypeMismatchException exception) {
        String given = String.valueOf(exception.getValue());
        return response(400, ScimErrorType.INVALID_VALUE, "the parameter " + exception.getName() + " cannot be \""
                + (given.length() > 100 ? given.substring(0, 100) + "…" : given) + "\"");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ObjectNode> parameter(MissingServletRequestParameterException exception) {
        return response(400, ScimErrorType.INVALID_VALUE, "the parameter " + exception.getParameterName()
                + " is required");
    }
}
