package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.provisioning.GroupProvisioning;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.user.TenantErasure;
import dev.scimledger.messages.user.UserErasure;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenants: create, list, read, rename and change settings, suspend, resume, delete. Authenticated by the admin
 * credential (see {@link BearerAuthenticationFilter}); every change is a command to the tenant's aggregate, so it is
 * an event in the log with the admin as its actor.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants")
class AdminController {

    private final TenantAdministration administration;
    private final Tenants tenants;
    private final GroupProvisioning groups;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    AdminController(TenantAdministration administration, Tenants tenants, GroupProvisioning groups,
                    ObjectMapper json) {
        this.administration = administration;
        this.tenants = tenants;
        this.groups = groups;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> createTenant(@RequestBody(required = false) String body,
                                                     HttpServletRequest request) {
        JsonNode name = AdminRequests.object(json, body).get("name");
        if (name == null || !name.isTextual()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "name is required: a string of 1 to 200 characters");
        }
        String tenantId = administration.create(name.asText(), AdminActor.of(request)).tenantId();
        return ResponseEntity.status(HttpStatus.CREATED).body(describe(administration.existing(tenantId)));
    }

    /** Erases a deleted user's personal data (the right to erasure); 409 while the user is still provisioned. */
    @PostMapping("/{tenantId}/users/{userId}/erasure")
    UserErasure eraseUser(@PathVariable String tenantId, @PathVariable String userId, HttpServletRequest request) {
        return administration.eraseUser(tenantId, userId, AdminActor.of(request));
    }

    /** Erases every user's personal data of a deleted tenant; 409 for a live tenant. */
    @PostMapping("/{tenantId}/erasure")
    TenantErasure eraseTenant(@PathVariable String tenantId, HttpServletRequest request) {
        return administration.eraseTenant(tenantId, AdminActor.of(request));
    }

    @GetMapping
    Map<String, Object> listTenants() {
        List<Map<String, Object>> described = AdminViews.liveTenants(tenants, clock.instant());
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("totalResults", described.size());
        list.put("tenants", described);
        return list;
    }

    @GetMapping("/{tenantId}")
    Map<String, Object> tenant(@PathVariable String tenantId) {
        return describe(administration.existing(tenantId));
    }

    /**
     * Renames the tenant ({@code name}) and changes any of its settings (see {@code TenantSettings}); an unknown key
     * is refused rather than ignored, so a misspelt setting never looks applied. The userName rule is not a setting.
     */
    @PatchMapping("/{tenantId}")
    Map<String, Object> change(@PathVariable String tenantId, @RequestBody(required = false) String body,
                               HttpServletRequest request) {
        administration.change(tenantId, AdminRequests.object(json, body), AdminActor.of(request));
        return describe(administration.existing(tenantId));
    }

    /** SCIM requests for the tenant are refused with 403 until it is resumed; its data is kept. */
    @PostMapping("/{tenantId}/suspend")
    Map<String, Object> suspend(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                HttpServletRequest request) {
        administration.existing(tenantId);
        JsonNode reason = body == null || body.isBlank() ? null : AdminRequests.object(json, body).get("reason");
        administration.suspend(tenantId, reason == null || reason.isNull() ? null : reason.asText(), AdminActor.of(request));
        return describe(administration.existing(tenantId));
    }

    @PostMapping("/{tenantId}/resume")
    Map<String, Object> resume(@PathVariable String tenantId, HttpServletRequest request) {
        administration.existing(tenantId);
        administration.resume(tenantId, AdminActor.of(request));
        return describe(administration.existing(tenantId));
    }

    /**
     * Deletes a suspended tenant (409 while it is active): its tokens stop working, its name is free, its resources
     * leave the read model. Its history stays in the log.
     */
    @DeleteMapping("/{tenantId}")
    ResponseEntity<Void> delete(@PathVariable String tenantId, HttpServletRequest request) {
        administration.existing(tenantId);
        administration.delete(tenantId, AdminActor.of(request));
        return ResponseEntity.noContent().build();
    }

    /**
     * Creates a group for a tenant whose groups must already exist ({@code groupPolicy} "existing"); works for any
     * tenant. Recorded in the log like a SCIM create, with the admin API as the actor.
     */
    @PostMapping("/{tenantId}/groups")
    ResponseEntity<Map<String, String>> createGroup(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                                    HttpServletRequest request) {
        Tenants.Tenant tenant = administration.existing(tenantId);
        AdminActor actor = AdminActor.of(request);
        GroupView group = groups.createByAdministrator(actor.forTenant(tenant), actor.origin(), AdminRequests.object(json, body));
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("id", group.groupId());
        answer.put("displayName", group.attributes().path("displayName").asText());
        if (group.attributes().hasNonNull("externalId")) {
            answer.put("externalId", group.attributes().get("externalId").asText());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    private Map<String, Object> describe(Tenants.Tenant tenant) {
        return AdminViews.tenant(tenant, tenants.tokens(tenant.id()), clock.instant());
    }
}
