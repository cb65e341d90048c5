package dev.scimledger.gateway.logging;

import dev.scimledger.gateway.provisioning.RequestOrigin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Puts the request's context into every log line written while it is served (SLF4J's MDC, which the text pattern and
 * Boot's structured JSON formats carry): {@value #REQUEST_ID} from the first filter on (the client's
 * {@code X-Request-Id} or Entra's {@code client-request-id}, else one made up: the id the provisioning log and the
 * request's events name), and {@value #TENANT_ID} and {@value #ACTOR} once the bearer token is known (a SCIM token's
 * id, or the admin caller's name). Only ids: no value a client sent about a person reaches a log line.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLogContext extends OncePerRequestFilter {

    public static final String REQUEST_ID = "requestId";
    public static final String TENANT_ID = "tenantId";
    public static final String ACTOR = "actor";

    private final TenantRequestMetrics metrics;

    RequestLogContext(TenantRequestMetrics metrics) {
        this.metrics = metrics;
    }

    /** The caller of the request being served on this thread, once authenticated. */
    public static void caller(String tenantId, String actor) {
        if (tenantId != null) {
            MDC.put(TENANT_ID, tenantId);
        }
        if (actor != null) {
            MDC.put(ACTOR, actor);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MDC.put(REQUEST_ID, RequestOrigin.fix(request).requestId());
        try {
            chain.doFilter(request, response);
        } finally {
            // a SCIM caller has a tenant (an admin caller has none)
            String tenantId = MDC.get(TENANT_ID);
            if (tenantId != null) {
                metrics.count(tenantId, response.getStatus());
            }
            MDC.remove(REQUEST_ID);
            MDC.remove(TENANT_ID);
            MDC.remove(ACTOR);
        }
    }
}
