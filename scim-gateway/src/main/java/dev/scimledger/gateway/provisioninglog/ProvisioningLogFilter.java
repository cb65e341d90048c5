package dev.scimledger.gateway.provisioninglog;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.gateway.provisioning.IgnoredAttributes;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.tenant.ScimCaller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Instant;

/**
 * Records every SCIM request for the provisioning log, whatever answered it (the token check, the size limit,
 * admission, a controller): outermost but for the response headers, so a refusal by any filter is seen and the
 * latency is the service's. On the request's path it only notes what it needs and hands the entry to
 * {@link ProvisioningLogWriter}'s queue; parsing the error and writing happen on the writer's thread. The request's id
 * is fixed here, so that its events in the audit trail carry the same one. Registered by
 * {@link ProvisioningLogConfiguration}, just inside the response headers' filter.
 */
class ProvisioningLogFilter extends OncePerRequestFilter {

    static final int MAX_PATH = 512;
    static final int MAX_CLIENT_REQUEST_ID = 128;

    private final GatewayProperties properties;
    private final ProvisioningLogWriter writer;

    ProvisioningLogFilter(GatewayProperties properties, ProvisioningLogWriter writer) {
        this.properties = properties;
        this.writer = writer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !BearerAuthenticationFilter.underPath(BearerAuthenticationFilter.routedPath(request),
                properties.basePath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        Instant at = Instant.now();
        writer.started();
        ProvisioningLogWriter.Entry entry = null;
        try {
            RequestOrigin origin = RequestOrigin.fix(request);
            ErrorBodyCapture captured = new ErrorBodyCapture(response);
            int status = 500;
            try {
                chain.doFilter(request, captured);
                status = captured.getStatus();
            } finally {
                double latencyMs = (System.nanoTime() - started) / 1e6;
                ScimCaller caller = (ScimCaller) request.getAttribute(ScimCaller.REQUEST_ATTRIBUTE);
                String path = BearerAuthenticationFilter.routedPath(request).substring(properties.basePath().length());
                String query = request.getQueryString();
                String shown = query == null ? path : path + "?" + query;
                String clientRequestId = request.getHeader("client-request-id");
                entry = new ProvisioningLogWriter.Entry(at, caller == null ? null : caller.tenantId(),
                        caller == null ? null : caller.tokenId(), request.getMethod(), cut(shown.isEmpty() ? "/" : shown,
                        MAX_PATH), path, status, captured.getHeader("Location"),
                        captured.getHeader(IgnoredAttributes.HEADER), captured.errorBody(), latencyMs,
                        origin.requestId(), clientRequestId == null ? null : cut(clientRequestId, MAX_CLIENT_REQUEST_ID),
                        origin.clientAddress());
            }
        } finally {
            writer.finished(entry);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
