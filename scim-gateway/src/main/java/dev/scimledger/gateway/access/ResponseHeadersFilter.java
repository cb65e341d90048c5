package dev.scimledger.gateway.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Headers every answer carries, set before anything else runs so that refusals (401, 413, 429, 503) have them too:
 * {@code Cache-Control: no-store}, as every answer holds a tenant's data or a credential (an issued token), which no
 * cache or proxy between the service and its client may keep (a SCIM client revalidates with {@code If-None-Match},
 * which needs no cache); and {@code X-Content-Type-Options: nosniff}, so that no browser reads a JSON answer (a
 * user's attributes, a client's User-Agent in the audit trail) as anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ResponseHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
