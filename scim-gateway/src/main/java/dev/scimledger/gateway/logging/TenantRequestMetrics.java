package dev.scimledger.gateway.logging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code scim.requests{tenant, outcome}}: the SCIM requests each tenant's token made, by outcome ({@code success}
 * for 1xx to 3xx, {@code client_error} for 4xx, {@code server_error} for 5xx), so a tenant whose identity provider
 * suddenly fails or floods shows by name. Requests refused before their token was known have no tenant and are
 * not counted here (the provisioning log and {@code http.server.requests} have them).
 */
@Component
public class TenantRequestMetrics {

    private static final String[] OUTCOMES = {"success", "client_error", "server_error"};

    private final MeterRegistry registry;
    /** A tenant's three counters, made on its first request: a map lookup per request, not a registration. */
    private final ConcurrentHashMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    TenantRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String tenantId, int status) {
        int outcome = status >= 500 ? 2 : status >= 400 ? 1 : 0;
        counters.computeIfAbsent(tenantId, this::countersOf)[outcome].increment();
    }

    private Counter[] countersOf(String tenantId) {
        Counter[] made = new Counter[OUTCOMES.length];
        for (int i = 0; i < OUTCOMES.length; i++) {
            made[i] = Counter.builder("scim.requests").description("SCIM requests by tenant and outcome")
                    .tag("tenant", tenantId).tag("outcome", OUTCOMES[i]).register(registry);
        }
        return made;
    }
}
