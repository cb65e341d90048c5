package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per SCIM token: {@code limit} requests per second on average, bursts up to twice that. The
 * tenant's limit is re-read every few seconds, so an admin's change applies without a restart. Buckets are per
 * instance: with N gateways behind a balancer a token may reach N times the limit.
 */
@Component
class RateLimiter {

    private static final long LIMIT_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Tenants tenants;
    private final int defaultPerSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CachedLimit> limits = new ConcurrentHashMap<>();

    RateLimiter(Tenants tenants, @Value("${scim.rate-limit.per-second:500}") int defaultPerSecond) {
        this.tenants = tenants;
        this.defaultPerSecond = defaultPerSecond;
    }

    /** Zero when the request may go on; otherwise the whole seconds to wait before the next one will be accepted. */
    long acquire(ScimCaller caller) {
        int limit = limit(caller.tenantId());
        Bucket bucket = buckets.computeIfAbsent(caller.tokenId(), id -> new Bucket());
        return bucket.take(limit, System.nanoTime());
    }

    private int limit(String tenantId) {
        long now = System.nanoTime();
        CachedLimit cached = limits.get(tenantId);
        if (cached == null || now - cached.readAt > LIMIT_REFRESH_NANOS) {
            Integer configured = tenants.find(tenantId).map(Tenants.Tenant::rateLimitPerSecond).orElse(null);
            cached = new CachedLimit(configured == null ? defaultPerSecond : configured, now);
            limits.put(tenantId, cached);
        }
        return cached.perSecond;
    }

    private record CachedLimit(int perSecond, long readAt) {
    }

    private static final class Bucket {
        private double tokens = -1;
        private long refilledAt;

        synchronized long take(int perSecond, long now) {
            double capacity = 2.0 * perSecond;
            if (tokens < 0) {
                tokens = capacity;
            } else {
                tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
            }
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
