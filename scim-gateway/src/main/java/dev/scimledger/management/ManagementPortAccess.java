package dev.scimledger.management;

import dev.scimledger.gateway.access.AdminCaller;
import dev.scimledger.gateway.access.AdminCredentials;
import dev.scimledger.gateway.access.BearerAuthenticationFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Who may read the management port ({@code SCIM_MANAGEMENT_PORT}, the management server's own context): the
 * liveness and readiness probes answer their status to anyone who sends no credential (a kubelet, a load
 * balancer); everything else (health with details, metrics, Prometheus) takes the read-only metrics credential
 * ({@code SCIM_METRICS_TOKEN}) and nothing else. The admin token, an admin API key or any other credential is
 * refused there, probes included, so that the all-powerful token is never sent where scrapers are configured.
 *
 * <p>Outside the application's packages on purpose: a management context configuration must not be component
 * scanned, or its filter would guard the service's own port too.
 */
@ManagementContextConfiguration(ManagementContextType.CHILD)
public class ManagementPortAccess {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> managementPortAccessFilter(AdminCredentials credentials) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter(credentials));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static final class Filter extends OncePerRequestFilter {
        private final AdminCredentials credentials;

        Filter(AdminCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = BearerAuthenticationFilter.routedPath(request);
            boolean probe = path.equals(LIVENESS) || path.equals(READINESS);
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (probe && header == null) {
                chain.doFilter(request, response);
                return;
            }
            Optional<AdminCaller> caller = BearerAuthenticationFilter.bearerToken(request).flatMap(credentials::caller);
            if (caller.isEmpty() || caller.get().role() != AdminCaller.Role.METRICS) {
                response.setStatus(401);
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                response.setContentType("application/json");
                response.getOutputStream().write(("{\"status\":401,\"detail\":\"the management port takes the metrics "
                        + "credential (SCIM_METRICS_TOKEN) only" + (probe ? ", or none for the probes" : "") + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
