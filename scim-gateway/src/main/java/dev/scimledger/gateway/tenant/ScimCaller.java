package dev.scimledger.gateway.tenant;

/** Who is calling SCIM: the tenant whose token the request carries, and which token it was. */
public record ScimCaller(String tenantId, String tokenId) {
    public static final String REQUEST_ATTRIBUTE = ScimCaller.class.getName();
}
