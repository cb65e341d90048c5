package dev.scimledger.gateway.access;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.ScimCaller;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per SCIM token: {@code limit} requests per second on average, bursts up to twice that. The
 * tenant's limit arrives with the token's authentication, so an admin's change applies to the next request. Buckets are per
 * instance: with N gateways behind a balancer a token may reach N times the limit.
 */
@Component
class RateLimiter {

    private final int defaultPerSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(GatewayProperties properties) {
        this.defaultPerSecond = properties.rateLimit().perSecond();
    }

    /** Zero when the request may go on; otherwise the whole seconds to wait before the next one will be accepted. */
    long acquire(ScimCaller caller) {
        Integer configured = caller.settings().rateLimitPerSecond();
        int limit = configured == null ? defaultPerSecond : configured;
        Bucket bucket = buckets.computeIfAbsent(caller.tokenId(), id -> new Bucket());
        return bucket.take(limit, System.nanoTime());
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
