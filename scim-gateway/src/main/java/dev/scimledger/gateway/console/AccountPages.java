package dev.scimledger.gateway.console;

import dev.scimledger.gateway.audit.AuditFilter;
import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.gateway.operator.Operators;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Arrays;
import java.util.Map;

/**
 * Signing in and out, the page a refused action lands on, the console's accounts (an admin makes, disables, enables
 * them and resets their passwords; everyone changes their own), the admin API's named keys (made, rotated and revoked
 * here; each secret shown once), and the latest of these actions as the log recorded them. Every change is a command
 * to the operator directory ({@link Operators}), so it is an event with the signed-in person as its actor.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class AccountPages {

    /** The flash attribute holding an account just made or reset, with its password: shown once. */
    static final String CREATED = "created";

    /** The flash attribute holding an API key just made or rotated, with its secret: shown once. */
    static final String ISSUED_KEY = "issuedKey";

    private static final String PAGE = ConsoleSecurity.PATH + "/accounts";

    private final Operators operators;
    private final AuditTrailReader audit;
    private final SignInThrottle throttle;

    AccountPages(Operators operators, AuditTrailReader audit, SignInThrottle throttle) {
        this.operators = operators;
        this.audit = audit;
        this.throttle = throttle;
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    /**
     * Where Spring Security forwards a request it refused (a role that may not, a form without its CSRF token): any
     * method, since a forward keeps the refused request's.
     */
    @RequestMapping("/forbidden")
    String forbidden(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/forbidden";
    }

    @GetMapping("/accounts")
    String list(Model model) {
        model.addAttribute("accounts", operators.accounts());
        model.addAttribute("apiKeys", operators.keys());
        model.addAttribute("roles", Arrays.stream(ConsoleRole.values()).map(ConsoleRole::stored).toList());
        model.addAttribute("activity", audit.latest(AuditFilter.of(OperatorEvent.TENANT, Map.of()), 20));
        return "console/accounts";
    }

    @PostMapping("/accounts")
    String create(@RequestParam String username, @RequestParam String role, Authentication signedIn,
                  HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            flash.addFlashAttribute(CREATED, operators.createAccount(username, role,
                    ConsoleActions.actor(signedIn, request)));
            return null;
        });
    }

    @PostMapping("/accounts/{username}/disable")
    String disable(@PathVariable String username, Authentication signedIn, HttpServletRequest request,
                   RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            operators.disable(username, ConsoleActions.actor(signedIn, request));
            return "The account " + username + " is disabled; its sessions end at their next request.";
        });
    }

    @PostMapping("/accounts/{username}/enable")
    String enable(@PathVariable String username, Authentication signedIn, HttpServletRequest request,
                  RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            operators.enable(username, ConsoleActions.actor(signedIn, request));
            return "The account " + username + " may sign in again.";
        });
    }

    @PostMapping("/accounts/{username}/reset-password")
    String resetPassword(@PathVariable String username, Authentication signedIn, HttpServletRequest request,
                         RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            flash.addFlashAttribute(CREATED, operators.resetPassword(username, ConsoleActions.actor(signedIn, request)));
            return null;
        });
    }

    /**
     * The signed-in account's own password, whatever its role. A wrong current password counts against the sign-in
     * throttle, so that a session left open cannot be used to guess the password at leisure.
     */
    @PostMapping("/password")
    String changePassword(@RequestParam(defaultValue = "") String current, @RequestParam(defaultValue = "") String chosen,
                          @RequestParam(defaultValue = "") String repeated, Authentication signedIn,
                          HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            if (!chosen.equals(repeated)) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "the new password and its repetition differ");
            }
            String address = request.getRemoteAddr();
            long wait = throttle.throttledSeconds(signedIn.getName(), address);
            if (wait > 0) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "too many wrong passwords: try again in "
                        + wait + " s");
            }
            operators.changeOwnPassword(signedIn.getName(), current, chosen, ConsoleActions.actor(signedIn, request),
                    () -> throttle.wrongPassword(signedIn.getName(), address));
            return "Your password is changed.";
        });
    }

    @PostMapping("/api-keys")
    String createKey(@RequestParam String name, @RequestParam String role, Authentication signedIn,
                     HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            flash.addFlashAttribute(ISSUED_KEY, operators.issueKey(name, role, ConsoleActions.actor(signedIn, request)));
            return null;
        });
    }

    @PostMapping("/api-keys/{id}/rotate")
    String rotateKey(@PathVariable String id, Authentication signedIn, HttpServletRequest request,
                     RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            flash.addFlashAttribute(ISSUED_KEY, operators.rotateKey(id, ConsoleActions.actor(signedIn, request)));
            return "The key has a new secret; the old one is refused from now on.";
        });
    }

    @PostMapping("/api-keys/{id}/revoke")
    String revokeKey(@PathVariable String id, Authentication signedIn, HttpServletRequest request,
                     RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, PAGE, () -> {
            operators.revokeKey(id, ConsoleActions.actor(signedIn, request));
            return "The key is revoked.";
        });
    }
}
