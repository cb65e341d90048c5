package dev.scimledger.gateway.logging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code scim.requests{tenant, outcome}}: the SCIM requests each tenant's token made, by outcome ({@code success}
 * for 1xx to 3xx, {@code client_error} for 4xx, {@code server_error} for 5xx), so a tenant whose identity provider
 * suddenly fails or floods shows by name. Requests refused before their token was known have no tenant and are
 * not counted here (the provisioning log and {@code http.server.requests} have them).
 */
@Component
public class TenantRequestMetrics {

    private final MeterRegistry registry;

    TenantRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String tenantId, int status) {
        String outcome = status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
        Counter.builder("scim.requests").description("SCIM requests by tenant and outcome")
                .tag("tenant", tenantId).tag("outcome", outcome).register(registry).increment();
    }
}
