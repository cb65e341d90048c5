package dev.scimledger.gateway.tenant;

import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.ResourceTypes;

/**
 * Who is calling SCIM: the tenant whose token the request carries, which token it was (or which admin actor), and
 * the tenant's settings and resource types (its declared schema extensions joined) as they were read with the token,
 * so one request sees one consistent set of rules.
 */
public record ScimCaller(String tenantId, String tokenId, TenantSettings settings, ResourceTypes types) {
    public static final String REQUEST_ATTRIBUTE = ScimCaller.class.getName();

    public ScimCaller {
        types = types == null ? ResourceTypes.STANDARD : types;
    }

    /** With the standard resource types only. */
    public ScimCaller(String tenantId, String tokenId, TenantSettings settings) {
        this(tenantId, tokenId, settings, null);
    }

    public ResourceSchema userSchema() {
        return types.user();
    }

    public ResourceSchema groupSchema() {
        return types.group();
    }
}
