package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.TenantSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How tenants and tokens are shown to an admin, on the admin API and on the command line alike. */
final class AdminViews {

    private AdminViews() {
    }

    /** Every live tenant, by name, with its token counts (two queries, whatever the number of tenants). */
    static List<Map<String, Object>> liveTenants(Tenants tenants, Instant now) {
        Map<String, List<Tenants.Token>> tokens = tenants.tokensOfLiveTenants();
        return tenants.list().stream().map(t -> tenant(t, tokens.getOrDefault(t.id(), List.of()), now)).toList();
    }

    static Map<String, Object> tenant(Tenants.Tenant tenant, List<Tenants.Token> tokens, Instant now) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", tenant.id());
        described.put("name", tenant.name());
        described.put("status", tenant.status());
        described.put("created", tenant.created().toString());
        TenantSettings settings = tenant.settings();
        described.put("groupPolicy", settings.groupPolicy());
        described.put("userNameImmutable", true);
        described.put("workEmailImmutable", settings.workEmailImmutable());
        described.put("rateLimitPerSecond", settings.rateLimitPerSecond());
        described.put("tokenLifetimeDays", settings.tokenLifetimeDays());
        described.put("tokenExpiryWarningDays", settings.tokenExpiryWarningDays());
        described.put("maxPatchOperations", settings.maxPatchOperations());
        described.put("maxBulkOperations", settings.maxBulkOperations());
        described.put("maxResults", settings.maxResults());
        described.put("unknownAttributes", settings.unknownAttributes());
        // how many tokens are in each state: "expiring" ones need the admin's attention before Entra quarantines
        Map<String, Long> tokenCounts = new LinkedHashMap<>();
        for (Tenants.Token token : tokens) {
            tokenCounts.merge(token.status(now, settings.tokenExpiryWarningDays()), 1L, Long::sum);
        }
        described.put("tokens", tokenCounts);
        described.put("schemaExtensions", tenant.extensions().stream()
                .map(e -> Map.of("resourceType", e.resourceType(), "urn", e.urn())).toList());
        return described;
    }

    static Map<String, Object> token(Tenants.Token token, Tenants.Tenant tenant, Instant now) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", token.id());
        described.put("tenantId", token.tenantId());
        described.put("name", token.name());
        String status = token.status(now, tenant.settings().tokenExpiryWarningDays());
        described.put("status", status);
        described.put("createdAt", token.createdAt().toString());
        described.put("expiresAt", token.expiresAt().toString());
        described.put("expiresInDays", Math.max(0, Duration.between(now, token.expiresAt()).toDays()));
        described.put("expiryWarning", status.equals("expiring") || status.equals("overlap"));
        if (token.lastUsedAt() != null) {
            described.put("lastUsedAt", token.lastUsedAt().toString());
        }
        if (token.revokedAt() != null) {
            described.put("revokedAt", token.revokedAt().toString());
        }
        if (token.replacedBy() != null) {
            described.put("replacedBy", token.replacedBy());
        }
        return described;
    }

    /** A newly issued token, with the secret: the one time it is shown. */
    static Map<String, Object> issued(TenantAdministration.IssuedToken issued) {
        IssuedTokenView view = issued.view();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", view.tokenId());
        shown.put("tenantId", view.tenantId());
        shown.put("name", view.name());
        shown.put("token", issued.token());
        shown.put("createdAt", view.createdAt().toString());
        shown.put("expiresAt", view.expiresAt().toString());
        if (view.replacedValidUntil() != null) {
            shown.put("replacedValidUntil", view.replacedValidUntil().toString());
        }
        shown.put("notice", "Store this token now: it is shown this once and only its digest is kept.");
        return shown;
    }
}
