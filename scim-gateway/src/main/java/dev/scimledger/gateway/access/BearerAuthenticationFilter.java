package dev.scimledger.gateway.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.DatabaseOutage;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.scim.ScimErrors;
import dev.scimledger.gateway.logging.RequestLogContext;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates every SCIM and admin request by its bearer token: SCIM requests by a tenant's token (which
 * decides the tenant), admin requests by an admin credential ({@link AdminCredentials}: the admin token, a named API
 * key, whose role may refuse the request with a 403, or the metrics credential, which reads the Prometheus scrape
 * only). Anything else is a 401 with {@code WWW-Authenticate}.
 */
@Component
public class BearerAuthenticationFilter extends OncePerRequestFilter {

    public static final String ADMIN_PATH = "/admin";
    private static final String TOKEN_REQUIRED = "A bearer token is required";

    private final GatewayProperties properties;
    private final Tenants tenants;
    private final AdminCredentials admin;
    private final ObjectMapper json;
    private final RateLimiter rateLimiter;

    BearerAuthenticationFilter(GatewayProperties properties, Tenants tenants, AdminCredentials admin, ObjectMapper json,
                               RateLimiter rateLimiter) {
        this.properties = properties;
        this.tenants = tenants;
        this.admin = admin;
        this.json = json;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = routedPath(request);
        boolean scim = underPath(path, properties.basePath());
        boolean adminApi = underPath(path, ADMIN_PATH);
        if (!scim && !adminApi) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> token = bearerToken(request);
        if (scim) {
            if (token.isEmpty()) {
                refuse(response, 401, TOKEN_REQUIRED);
                return;
            }
            Tenants.Authentication authentication;
            try {
                authentication = tenants.authenticate(token.get(), request.getRemoteAddr());
            } catch (RuntimeException failure) {
                if (!DatabaseOutage.is(failure)) {
                    throw failure;
                }
                logger.warn("database unavailable while checking a SCIM token: " + failure);
                retryLater(response, 503, DatabaseOutage.RETRY_AFTER_SECONDS, DatabaseOutage.DETAIL);
                return;
            }
            if (authentication instanceof Tenants.Authentication.Refused refused) {
                if (refused.status() == 429) {
                    retryLater(response, 429, refused.retryAfterSeconds(), refused.detail());
                } else {
                    refuse(response, refused.status(), refused.detail());
                }
                return;
            }
            ScimCaller caller = ((Tenants.Authentication.Accepted) authentication).caller();
            RequestLogContext.caller(caller.tenantId(), caller.tokenId());
            long retryAfter = rateLimiter.acquire(caller);
            if (retryAfter > 0) {
                retryLater(response, 429, retryAfter, "too many requests for this token; retry after " + retryAfter + " s");
                return;
            }
            request.setAttribute(ScimCaller.REQUEST_ATTRIBUTE, caller);
        } else {
            Optional<AdminCaller> caller = token.flatMap(admin::caller);
            if (caller.isEmpty()) {
                refuse(response, 401, token.isEmpty() ? TOKEN_REQUIRED : "The bearer token is not valid");
                return;
            }
            RequestLogContext.caller(null, caller.get().name());
            String refusal = caller.get().refusal(request.getMethod(), path);
            if (refusal != null) {
                refuse(response, 403, refusal);
                return;
            }
            request.setAttribute(AdminCaller.REQUEST_ATTRIBUTE, caller.get());
        }
        chain.doFilter(request, response);
    }

    /**
     * The path as routing sees it: decoded, normalised and without {@code ;parameters} (the servlet path), never the
     * raw request URI, in which {@code /%61dmin/tenants} or {@code /admin;x=1/tenants} would not look like the admin
     * API although they are routed to it.
     */
    public static String routedPath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? request.getRequestURI().substring(request.getContextPath().length()) : path;
    }

    /** In any case, since routing matches endpoint names in any case ({@code /ADMIN/tenants} is the admin API). */
    public static boolean underPath(String path, String prefix) {
        return path.regionMatches(true, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    public static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** 429 or 503 with {@code Retry-After}. */
    private void retryLater(HttpServletResponse response, int status, long seconds, String detail) throws IOException {
        response.setStatus(status);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        response.setContentType(ScimErrors.SCIM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ScimErrors.body(status, null, detail));
    }

    /** 401 (with the challenge RFC 6750 asks for) or 403; the body says why and nothing else. */
    private void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            // RFC 6750 §3.1: a request without a token gets the challenge alone, a bad token also "invalid_token"
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, detail.equals(TOKEN_REQUIRED) ? "Bearer realm=\"scim\""
                    : "Bearer realm=\"scim\", error=\"invalid_token\"");
        }
        response.setContentType(ScimErrors.SCIM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ScimErrors.body(status, null, detail));
    }
}
