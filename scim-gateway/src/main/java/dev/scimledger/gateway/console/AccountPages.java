package dev.scimledger.gateway.console;

import dev.scimledger.gateway.access.AdminApiKeys;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
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

/**
 * Signing in and out, the page a refused action lands on, the console's accounts (an admin makes them), and the admin
 * API's named keys (made, rotated and revoked here; each shown once).
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class AccountPages {

    /** The flash attribute holding an account just made, with its password: shown once. */
    static final String CREATED = "created";

    /** The flash attribute holding an API key just made or rotated, with its secret: shown once. */
    static final String ISSUED_KEY = "issuedKey";

    private final ConsoleAccounts accounts;
    private final AdminApiKeys keys;

    AccountPages(ConsoleAccounts accounts, AdminApiKeys keys) {
        this.accounts = accounts;
        this.keys = keys;
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
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("apiKeys", keys.list());
        model.addAttribute("roles", Arrays.stream(ConsoleRole.values()).map(ConsoleRole::stored).toList());
        return "console/accounts";
    }

    @PostMapping("/accounts")
    String create(@RequestParam String username, @RequestParam String role, Authentication signedIn,
                  RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, ConsoleSecurity.PATH + "/accounts", () -> {
            ConsoleRole chosen = Arrays.stream(ConsoleRole.values()).filter(r -> r.stored().equals(role)).findFirst()
                    .orElseThrow(() -> ScimException.invalid(ScimErrorType.INVALID_VALUE, "a role is admin or auditor"));
            flash.addFlashAttribute(CREATED, accounts.create(username, chosen, "console:" + signedIn.getName()));
            return null;
        });
    }

    @PostMapping("/api-keys")
    String createKey(@RequestParam String name, @RequestParam String role, Authentication signedIn,
                     RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, ConsoleSecurity.PATH + "/accounts", () -> {
            flash.addFlashAttribute(ISSUED_KEY, keys.create(name, role, "console:" + signedIn.getName()));
            return null;
        });
    }

    @PostMapping("/api-keys/{id}/rotate")
    String rotateKey(@PathVariable String id, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, ConsoleSecurity.PATH + "/accounts", () -> {
            flash.addFlashAttribute(ISSUED_KEY, keys.rotate(id));
            return "The key has a new secret; the old one is refused from now on.";
        });
    }

    @PostMapping("/api-keys/{id}/revoke")
    String revokeKey(@PathVariable String id, Authentication signedIn, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, ConsoleSecurity.PATH + "/accounts", () -> {
            keys.revoke(id, "console:" + signedIn.getName());
            return "The key is revoked.";
        });
    }
}
