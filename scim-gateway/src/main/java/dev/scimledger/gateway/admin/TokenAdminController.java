package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's SCIM tokens: issue (the token is in this one answer and nowhere else), list with their expiry status,
 * revoke (refused from the next request on, on every instance) and rotate with an overlap of at most 24 hours.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/tokens")
class TokenAdminController {

    private final TenantAdministration administration;
    private final Tenants tenants;
    private final ObjectMapper json;
    private final GatewayProperties properties;
    private final Clock clock = Clock.systemUTC();

    TokenAdminController(TenantAdministration administration, Tenants tenants, ObjectMapper json,
                         GatewayProperties properties) {
        this.administration = administration;
        this.tenants = tenants;
        this.json = json;
        this.properties = properties;
    }

    /** Body (optional): {@code name}, {@code expiresInDays} (at most the tenant's tokenLifetimeDays, its default). */
    @PostMapping
    ResponseEntity<Map<String, Object>> issue(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                              HttpServletRequest request) {
        administration.existing(tenantId);
        JsonNode options = body == null || body.isBlank() ? json.createObjectNode() : AdminRequests.object(json, body);
        String name = text(options, "name");
        Integer days = null;
        if (options.hasNonNull("expiresInDays")) {
            JsonNode value = options.get("expiresInDays");
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "expiresInDays is a whole number of days");
            }
            days = value.asInt();
        }
        TenantAdministration.IssuedToken issued = administration.issueToken(tenantId, name, days, AdminActor.of(request));
        return ResponseEntity.status(HttpStatus.CREATED).body(shown(issued));
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String tenantId) {
        Tenants.Tenant tenant = administration.existing(tenantId);
        List<Map<String, Object>> described = tenants.tokens(tenantId).stream().map(t -> describe(t, tenant)).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("totalResults", described.size());
        list.put("tokens", described);
        return list;
    }

    @GetMapping("/{tokenId}")
    Map<String, Object> token(@PathVariable String tenantId, @PathVariable String tokenId) {
        Tenants.Tenant tenant = administration.existing(tenantId);
        return describe(existing(tenantId, tokenId), tenant);
    }

    /** Revokes the token: the next request that presents it, on any instance, is a 401. */
    @DeleteMapping("/{tokenId}")
    ResponseEntity<Void> revoke(@PathVariable String tenantId, @PathVariable String tokenId, HttpServletRequest request) {
        administration.existing(tenantId);
        existing(tenantId, tokenId);
        administration.revokeToken(tenantId, tokenId, AdminActor.of(request));
        return ResponseEntity.noContent().build();
    }

    /**
     * Issues a successor; the old token keeps working for {@code overlapHours} (0 to 24, default 1) while the client
     * is reconfigured, then stops. Body (optional): {@code overlapHours}, {@code name}.
     */
    @PostMapping("/{tokenId}/rotate")
    ResponseEntity<Map<String, Object>> rotate(@PathVariable String tenantId, @PathVariable String tokenId,
                                               @RequestBody(required = false) String body, HttpServletRequest request) {
        administration.existing(tenantId);
        existing(tenantId, tokenId);
        JsonNode options = body == null || body.isBlank() ? json.createObjectNode() : AdminRequests.object(json, body);
        Duration overlap = Duration.ofHours(1);
        if (options.hasNonNull("overlapHours")) {
            JsonNode hours = options.get("overlapHours");
            if (!hours.isNumber() || hours.asDouble() < 0 || hours.asDouble() > 24) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "overlapHours is from 0 to 24");
            }
            overlap = Duration.ofSeconds(Math.round(hours.asDouble() * 3600));
        }
        TenantAdministration.IssuedToken issued = administration.rotateToken(tenantId, tokenId, text(options, "name"),
                overlap, AdminActor.of(request));
        Map<String, Object> shown = shown(issued);
        shown.put("replaces", tokenId);
        return ResponseEntity.status(HttpStatus.CREATED).body(shown);
    }

    private Tenants.Token existing(String tenantId, String tokenId) {
        return tenants.token(tenantId, tokenId)
                .orElseThrow(() -> ScimException.notFound("token " + tokenId + " not found in tenant " + tenantId));
    }

    private static String text(JsonNode options, String field) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, field + " is a string");
        }
        return value.asText();
    }

    /** The token, with the SCIM URL to paste beside it (the identity provider's "Tenant URL"). */
    private Map<String, Object> shown(TenantAdministration.IssuedToken issued) {
        Map<String, Object> shown = AdminViews.issued(issued);
        shown.put("scimUrl", ScimUrls.base(properties));
        return shown;
    }

    private Map<String, Object> describe(Tenants.Token token, Tenants.Tenant tenant) {
        return AdminViews.token(token, tenant, clock.instant());
    }
}
