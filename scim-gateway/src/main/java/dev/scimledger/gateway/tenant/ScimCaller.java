package dev.scimledger.gateway.tenant;

import dev.scimledger.messages.tenant.TenantSettings;

/**
 * Who is calling SCIM: the tenant whose token the request carries, which token it was (or which admin actor), and
 * the tenant's settings as they were read with the token, so one request sees one consistent set of rules.
 */
public record ScimCaller(String tenantId, String tokenId, TenantSettings settings) {
    public static final String REQUEST_ATTRIBUTE = ScimCaller.class.getName();
}
