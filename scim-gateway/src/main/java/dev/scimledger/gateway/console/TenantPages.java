package dev.scimledger.gateway.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.admin.TenantAdministration;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The console's tenants: the list and a new tenant; a tenant's provisioning setup as the identity provider needs it
 * (the switch, the Tenant URL, "Generate token" with the token shown once, the tokens with their status, rotate and
 * revoke, the groups policy). Every change goes through {@link TenantAdministration}, as the admin API's do, with the
 * signed-in person as its actor.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class TenantPages {

    /** The flash attribute holding a token just issued: shown on the next page, and never again. */
    static final String ISSUED = "issued";

    private final TenantAdministration administration;
    private final Tenants tenants;
    private final GatewayProperties properties;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    TenantPages(TenantAdministration administration, Tenants tenants, GatewayProperties properties, ObjectMapper json) {
        this.administration = administration;
        this.tenants = tenants;
        this.properties = properties;
        this.json = json;
    }

    /** A token as the page lists it; {@code usable} while it may still be rotated or revoked. */
    record TokenRow(String id, String name, String status, Instant createdAt, Instant expiresAt, long expiresInDays,
                    Instant lastUsedAt, boolean usable) {
        TokenRow {
            usable = !status.equals("revoked") && !status.equals("expired") && !status.equals("replaced");
        }
    }

    /** A token just issued, for the dialog that shows it once. */
    record IssuedToken(String token, String name, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[" + name + "]"; // never the secret
        }
    }

    @GetMapping({"", "/"})
    String home() {
        return "redirect:" + ConsoleSecurity.PATH + "/tenants";
    }

    @GetMapping("/tenants")
    String list(Model model) {
        Map<String, List<Tenants.Token>> tokens = tenants.tokensOfLiveTenants();
        Instant now = clock.instant();
        model.addAttribute("tenants", tenants.list().stream()
                .sorted(Comparator.comparing(Tenants.Tenant::name, String.CASE_INSENSITIVE_ORDER))
                .map(tenant -> Map.of("id", tenant.id(), "name", tenant.name(), "status", tenant.status(),
                        "created", tenant.created(), "activeTokens", tokens.getOrDefault(tenant.id(), List.of()).stream()
                                .filter(t -> row(t, tenant, now).usable()).count()))
                .toList());
        return "console/tenants";
    }

    @PostMapping("/tenants")
    String create(@RequestParam String name, Authentication signedIn, HttpServletRequest request,
                  RedirectAttributes flash) {
        try {
            TenantView created = administration.create(name, ConsoleActions.actor(signedIn, request));
            flash.addFlashAttribute(ConsoleActions.DONE, "Tenant " + created.name() + " created.");
            return "redirect:" + tenantPage(created.tenantId());
        } catch (ScimException refused) {
            flash.addFlashAttribute(ConsoleActions.REFUSED, refused.detail());
            return "redirect:" + ConsoleSecurity.PATH + "/tenants";
        }
    }

    @GetMapping("/tenants/{tenantId}")
    String tenant(@PathVariable String tenantId, Model model) {
        Tenants.Tenant tenant = tenants.find(tenantId)
                .orElseThrow(() -> ScimException.notFound("no tenant " + tenantId));
        Instant now = clock.instant();
        model.addAttribute("tenant", tenant);
        model.addAttribute("provisioning", tenant.status().equals("active"));
        model.addAttribute("tenantUrl", ScimUrls.base(properties));
        model.addAttribute("publicBaseUrlSet", !properties.publicBaseUrl().isEmpty());
        model.addAttribute("tokens", tenants.tokens(tenantId).stream().map(t -> row(t, tenant, now))
                .sorted(Comparator.comparing(TokenRow::createdAt).reversed()).toList());
        return "console/tenant";
    }

    @PostMapping("/tenants/{tenantId}/provisioning")
    String provisioning(@PathVariable String tenantId, @RequestParam boolean enabled, Authentication signedIn,
                        HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, tenantPage(tenantId), () -> {
            if (enabled) {
                administration.resume(tenantId, ConsoleActions.actor(signedIn, request));
                return "SCIM provisioning is on: the tenant's tokens are accepted.";
            }
            administration.suspend(tenantId, "provisioning switched off in the console",
                    ConsoleActions.actor(signedIn, request));
            return "SCIM provisioning is off: every request with the tenant's tokens is refused (403); its data is kept.";
        });
    }

    @PostMapping("/tenants/{tenantId}/tokens")
    String generate(@PathVariable String tenantId, @RequestParam(defaultValue = "") String name,
                    Authentication signedIn, HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, tenantPage(tenantId), () -> {
            TenantAdministration.IssuedToken issued = administration.issueToken(tenantId,
                    name.isBlank() ? "Console token" : name.strip(), null, ConsoleActions.actor(signedIn, request));
            flash.addFlashAttribute(ISSUED, new IssuedToken(issued.token(), issued.view().name(),
                    issued.view().expiresAt()));
            return null;
        });
    }

    @PostMapping("/tenants/{tenantId}/tokens/{tokenId}/rotate")
    String rotate(@PathVariable String tenantId, @PathVariable String tokenId, Authentication signedIn,
                  HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, tenantPage(tenantId), () -> {
            TenantAdministration.IssuedToken issued = administration.rotateToken(tenantId, tokenId, null,
                    Duration.ofHours(1), ConsoleActions.actor(signedIn, request));
            flash.addFlashAttribute(ISSUED, new IssuedToken(issued.token(), issued.view().name(),
                    issued.view().expiresAt()));
            return "The token was rotated: the old one keeps working for an hour, until its overlap ends.";
        });
    }

    @PostMapping("/tenants/{tenantId}/tokens/{tokenId}/revoke")
    String revoke(@PathVariable String tenantId, @PathVariable String tokenId, Authentication signedIn,
                  HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, tenantPage(tenantId), () -> {
            administration.revokeToken(tenantId, tokenId, ConsoleActions.actor(signedIn, request));
            return "The token was revoked: requests with it are refused from now on.";
        });
    }

    @PostMapping("/tenants/{tenantId}/group-policy")
    String groupPolicy(@PathVariable String tenantId, @RequestParam String policy, Authentication signedIn,
                       HttpServletRequest request, RedirectAttributes flash) {
        return setting(tenantId, "groupPolicy", policy, "Groups policy", signedIn, request, flash);
    }

    @PostMapping("/tenants/{tenantId}/unknown-attributes")
    String unknownAttributes(@PathVariable String tenantId, @RequestParam String policy, Authentication signedIn,
                             HttpServletRequest request, RedirectAttributes flash) {
        return setting(tenantId, "unknownAttributes", policy, "Unknown attributes", signedIn, request, flash);
    }

    /** One setting changed, as the admin API's PATCH of the tenant would change it. */
    private String setting(String tenantId, String key, String value, String shown, Authentication signedIn,
                           HttpServletRequest request, RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, tenantPage(tenantId), () -> {
            administration.change(tenantId, json.createObjectNode().put(key, value),
                    ConsoleActions.actor(signedIn, request));
            return shown + ": " + value + ".";
        });
    }

    private static String tenantPage(String tenantId) {
        return ConsoleSecurity.PATH + "/tenants/" + tenantId;
    }

    private static TokenRow row(Tenants.Token token, Tenants.Tenant tenant, Instant now) {
        return new TokenRow(token.id(), token.name(), token.status(now, tenant.settings().tokenExpiryWarningDays()),
                token.createdAt(), token.expiresAt(), Math.max(0, Duration.between(now, token.expiresAt()).toDays()),
                token.lastUsedAt(), false);
    }
}
