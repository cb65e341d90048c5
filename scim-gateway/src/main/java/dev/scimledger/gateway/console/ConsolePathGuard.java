package dev.scimledger.gateway.console;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Routing matches paths in any case ({@code /CONSOLE/tenants} reaches the console's controllers), while the security
 * filter is registered for {@code /console/*} as the servlet container matches it, in that case only. So any other
 * spelling of the console's path is answered 404 before it reaches anything: the console is reached by the one
 * spelling its security guards.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ConsolePathGuard extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = BearerAuthenticationFilter.routedPath(request);
        if (BearerAuthenticationFilter.underPath(path, ConsoleSecurity.PATH) && !path.startsWith(ConsoleSecurity.PATH)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }
}
