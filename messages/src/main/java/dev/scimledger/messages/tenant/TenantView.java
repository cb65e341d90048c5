package dev.scimledger.messages.tenant;

/** What a tenant command leaves: the tenant as it is now. {@code status} is active, suspended or deleted. */
public record TenantView(String tenantId, String name, String status, TenantSettings settings, long version) {
}
