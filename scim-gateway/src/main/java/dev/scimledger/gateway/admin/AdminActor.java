package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.scim.ScimRequests;
import dev.scimledger.messages.RequestMetadata;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpHeaders;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who performs an admin action and from where: recorded on the action's event (as {@code actor}) and in its
 * metadata (request id, client address, user agent), like every SCIM change.
 */
public record AdminActor(String name, String requestId, String clientAddress, String userAgent) {

    /** The admin API's actor: whoever holds the admin credential. */
    public static final String ADMIN_API = "admin-api";

    static AdminActor of(HttpServletRequest request) {
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        return new AdminActor(ADMIN_API, ScimRequests.requestId(request), request.getRemoteAddr(),
                userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512));
    }

    /** The jar's command line, run by an operator on the host: named by the operating system's user. */
    static AdminActor commandLine() {
        String name = "cli:" + System.getProperty("user.name", "unknown");
        // at most 64 characters: the audit trail's actor column (a longer name would stop its projection)
        return new AdminActor(name.length() > 64 ? name.substring(0, 64) : name, UUID.randomUUID().toString(),
                "local", "scim-gateway command line");
    }

    MetaData metadata(String tenantId) {
        Map<String, String> values = new HashMap<>();
        values.put(RequestMetadata.TENANT_ID, tenantId);
        values.put(RequestMetadata.TOKEN_ID, name);
        values.put(RequestMetadata.REQUEST_ID, requestId);
        values.put(RequestMetadata.CLIENT_ADDRESS, clientAddress);
        if (userAgent != null) {
            values.put(RequestMetadata.USER_AGENT, userAgent);
        }
        return MetaData.from(values);
    }
}
