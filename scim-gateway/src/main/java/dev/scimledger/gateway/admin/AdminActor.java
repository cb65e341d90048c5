package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.AdminCaller;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.MetaData;

import java.util.UUID;

/**
 * Who performs an admin action and from where: recorded on the action's event (as {@code actor}) and in its
 * metadata (request id, client address, user agent), like every SCIM change.
 */
public record AdminActor(String name, String requestId, String clientAddress, String userAgent) {

    /** The admin API's actor when the admin token was used: whoever holds it. */
    public static final String ADMIN_API = "admin-api";

    /** The admin API's actor: the credential's holder ({@code admin-api}, or {@code api-key:<name>}). */
    static AdminActor of(HttpServletRequest request) {
        RequestOrigin origin = RequestOrigin.of(request);
        String name = request.getAttribute(AdminCaller.REQUEST_ATTRIBUTE) instanceof AdminCaller caller
                ? caller.name() : ADMIN_API;
        return new AdminActor(name, origin.requestId(), origin.clientAddress(), origin.userAgent());
    }

    /**
     * A person signed in to the console, named {@code console:<account>} on the events of what they do (at most 64
     * characters: account names are at most 56).
     */
    public static AdminActor person(String account, HttpServletRequest request) {
        RequestOrigin origin = RequestOrigin.of(request);
        return new AdminActor("console:" + account, origin.requestId(), origin.clientAddress(), origin.userAgent());
    }

    /** The jar's command line, run by an operator on the host: named by the operating system's user. */
    static AdminActor commandLine() {
        String name = "cli:" + System.getProperty("user.name", "unknown");
        // at most 64 characters: the audit trail's actor column (a longer name would stop its projection)
        return new AdminActor(name.length() > 64 ? name.substring(0, 64) : name, UUID.randomUUID().toString(),
                "local", "scim-gateway command line");
    }

    /** The service itself, acting on its own (the first console account, made on the first start). */
    public static AdminActor system(String name) {
        return new AdminActor(name, UUID.randomUUID().toString(), "local", "scim-gateway");
    }

    RequestOrigin origin() {
        return new RequestOrigin(requestId, clientAddress, userAgent);
    }

    /** The admin acting for a tenant, as a caller of its SCIM resources. */
    ScimCaller forTenant(Tenants.Tenant tenant) {
        return new ScimCaller(tenant.id(), name, tenant.settings(), tenant.types());
    }

    public MetaData metadata(String tenantId) {
        return origin().metadata(tenantId, name);
    }
}
