package dev.scimledger.gateway.access;

import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * What each operation of a Bulk after its first meets, as a request of its own would: its token must still work (a
 * token revoked, expired or suspended while a Bulk runs stops the operations after that moment, on this node at once
 * and on the others within {@code scim.token-cache-time}), and it takes a permit of the token's rate (a Bulk of 1,000
 * operations is 1,000 requests' worth of work).
 */
@Component
public class BulkOperationAdmission {

    private final Tenants tenants;
    private final RateLimiter rateLimiter;

    BulkOperationAdmission(Tenants tenants, RateLimiter rateLimiter) {
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
    }

    /** @throws ScimException 401 or 403 as the bearer filter would answer, 429 over the token's rate */
    public void admit(HttpServletRequest request, ScimCaller caller) {
        Tenants.Authentication authentication = tenants.authenticate(
                BearerAuthenticationFilter.bearerToken(request).orElse(""), request.getRemoteAddr());
        if (authentication instanceof Tenants.Authentication.Refused refused) {
            throw switch (refused.status()) {
                case 403 -> ScimException.forbidden(refused.detail());
                case 429 -> ScimException.rateLimited(refused.detail());
                default -> ScimException.unauthenticated(refused.detail());
            };
        }
        long retryAfter = rateLimiter.acquire(caller);
        if (retryAfter > 0) {
            throw ScimException.rateLimited("too many requests for this token (each Bulk operation counts as one);"
                    + " retry after " + retryAfter + " s");
        }
    }
}
