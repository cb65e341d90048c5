package dev.scimledger.gateway.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Ends the session of an account disabled (or gone) since it signed in, at its next request, on whichever node
 * serves it: the account table is asked on every console request (a primary-key read; the console's traffic is a
 * person's clicks), since a session held in one node's memory cannot be reached from the node that disabled it.
 */
class DisabledAccountFilter extends OncePerRequestFilter {

    private final ConsoleAccounts accounts;

    DisabledAccountFilter(ConsoleAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken)
                && !accounts.signInAllowed(signedIn.getName())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + ConsoleSecurity.PATH + "/login?disabled");
            return;
        }
        chain.doFilter(request, response);
    }
}
