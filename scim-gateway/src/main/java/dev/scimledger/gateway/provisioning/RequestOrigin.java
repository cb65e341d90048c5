package dev.scimledger.gateway.provisioning;

import dev.scimledger.messages.RequestMetadata;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where a change came from, recorded in the metadata of each event it makes: the request id (the client's, or one
 * made up), the client's address and its user agent.
 */
public record RequestOrigin(String requestId, String clientAddress, String userAgent) {

    static final int MAX_REQUEST_ID = 128;
    static final int MAX_USER_AGENT = 512;
    /** An address is at most 45 characters; a longer one (a forged X-Forwarded-For) is cut to what the trail keeps. */
    static final int MAX_CLIENT_ADDRESS = 128;

    /** Where {@link #fix} keeps the request's id, so that every later reading of the origin gives the same one. */
    private static final String REQUEST_ID_ATTRIBUTE = RequestOrigin.class.getName() + ".requestId";

    /**
     * The origin, with its request id fixed for the rest of the request (a generated id is otherwise new at each
     * reading): the provisioning log and the request's events then name the same id.
     */
    public static RequestOrigin fix(HttpServletRequest request) {
        RequestOrigin origin = of(request);
        request.setAttribute(REQUEST_ID_ATTRIBUTE, origin.requestId());
        return origin;
    }

    /** The origin of an HTTP request: {@code X-Request-Id}, else Entra's {@code client-request-id}, else a new id. */
    public static RequestOrigin of(HttpServletRequest request) {
        String userAgent = request.getHeader("User-Agent");
        String address = request.getRemoteAddr();
        return new RequestOrigin(requestId(request),
                address == null || address.length() <= MAX_CLIENT_ADDRESS ? address : address.substring(0, MAX_CLIENT_ADDRESS),
                userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT));
    }

    private static String requestId(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ID_ATTRIBUTE) instanceof String fixed) {
            return fixed;
        }
        String id = request.getHeader("X-Request-Id");
        if (id == null || id.isBlank()) {
            id = request.getHeader("client-request-id"); // Entra's provisioning service sends this one
        }
        if (id == null || id.isBlank() || id.length() > MAX_REQUEST_ID) {
            id = UUID.randomUUID().toString();
        }
        return id;
    }

    /** A command's metadata: the tenant, who acted (a token's id or an admin actor's name) and this origin. */
    public MetaData metadata(String tenantId, String actor) {
        Map<String, String> values = new HashMap<>();
        values.put(RequestMetadata.TENANT_ID, tenantId);
        values.put(RequestMetadata.TOKEN_ID, actor);
        values.put(RequestMetadata.REQUEST_ID, requestId);
        values.put(RequestMetadata.CLIENT_ADDRESS, clientAddress);
        if (userAgent != null) {
            values.put(RequestMetadata.USER_AGENT, userAgent);
        }
        return MetaData.from(values);
    }
}
