package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Tenants and their SCIM tokens. Authenticated by the admin token (see {@link BearerAuthenticationFilter}). */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants")
class AdminController {

    private final Tenants tenants;
    private final ObjectMapper json;

    AdminController(Tenants tenants, ObjectMapper json) {
        this.tenants = tenants;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> createTenant(@RequestBody(required = false) String body) {
        String name = tenantName(body);
        Tenants.Tenant tenant = tenants.create(name)
                .orElseThrow(() -> ScimException.conflict("a tenant named \"" + name + "\" exists already"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", tenant.id(), "name", tenant.name()));
    }

    @PostMapping("/{tenantId}/tokens")
    ResponseEntity<Map<String, String>> issueToken(@PathVariable String tenantId) {
        tenants.find(tenantId).orElseThrow(() -> ScimException.notFound("tenant " + tenantId + " not found"));
        Tenants.IssuedToken issued = tenants.issueToken(tenantId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("id", issued.id(), "tenantId", issued.tenantId(), "token", issued.token()));
    }

    private String tenantName(String body) {
        JsonNode name;
        try {
            name = body == null ? null : json.readTree(body).get("name");
        } catch (Exception malformed) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the body is not valid JSON");
        }
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "name is required: a string of 1 to 200 characters");
        }
        return name.asText().trim();
    }
}
