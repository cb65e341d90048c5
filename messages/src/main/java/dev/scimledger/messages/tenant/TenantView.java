package dev.scimledger.messages.tenant;

import java.util.List;

/**
 * What a tenant command leaves: the tenant as it is now. {@code status} is active, suspended or deleted;
 * {@code extensions} are its declared schema extensions, in the order they were first declared.
 */
public record TenantView(String tenantId, String name, String status, TenantSettings settings, long version,
                         List<SchemaExtension> extensions) {

    public TenantView {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    /** A tenant without declared extensions. */
    public TenantView(String tenantId, String name, String status, TenantSettings settings, long version) {
        this(tenantId, name, status, settings, version, List.of());
    }
}
