package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.tenant.SchemaExtension;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.DeclaredSchemas;
import dev.scimledger.scim.schema.ExtensionJsonSchema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's own schema extensions (RFC 7643 §3.3, §7): declared, changed and removed by an admin, each a command to
 * the tenant's aggregate and so an event in the log. Its SCIM clients see them in {@code /Schemas} and
 * {@code /ResourceTypes} from their next request.
 *
 * <p>{@code PUT /admin/tenants/{id}/schema-extensions/{urn}} with {@code {"resourceType": "User", "schema": {…}}}
 * declares or changes one (201 when new, 200 when changed or unchanged); {@code GET} lists them or shows one;
 * {@code GET …/{urn}/json-schema} is the JSON Schema of the object its values make in events and CloudEvents;
 * {@code DELETE} removes one.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/schema-extensions")
class SchemaExtensionController {

    /** The {@code $id} prefix of a declared extension's JSON Schema; the tenant id and the URN follow. */
    static final String JSON_SCHEMA_PREFIX = "urn:scim-ledger:extension-schema:";

    private final TenantAdministration administration;
    private final ObjectMapper json;

    SchemaExtensionController(TenantAdministration administration, ObjectMapper json) {
        this.administration = administration;
        this.json = json;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String tenantId) {
        List<Map<String, Object>> extensions = administration.existing(tenantId).extensions().stream()
                .map(e -> described(tenantId, e)).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("totalResults", extensions.size());
        list.put("extensions", extensions);
        return list;
    }

    @GetMapping("/{urn}")
    Map<String, Object> show(@PathVariable String tenantId, @PathVariable String urn) {
        return described(tenantId, declared(administration.existing(tenantId), urn));
    }

    @GetMapping("/{urn}/json-schema")
    ObjectNode jsonSchema(@PathVariable String tenantId, @PathVariable String urn) {
        return jsonSchema(tenantId, declared(administration.existing(tenantId), urn));
    }

    static ObjectNode jsonSchema(String tenantId, SchemaExtension extension) {
        return ExtensionJsonSchema.of(DeclaredSchemas.parse(extension.schema()),
                JSON_SCHEMA_PREFIX + tenantId + ":" + extension.urn());
    }

    @PutMapping("/{urn}")
    ResponseEntity<Map<String, Object>> declare(@PathVariable String tenantId, @PathVariable String urn,
                                                @RequestBody(required = false) String body,
                                                HttpServletRequest request) {
        JsonNode given = AdminRequests.object(json, body);
        for (var keys = given.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("resourceType") && !key.equals("schema")) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "\"" + key + "\" is not a part of a "
                        + "declaration: it has resourceType (User or Group) and schema (RFC 7643 §7)");
            }
        }
        JsonNode resourceType = given.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "resourceType is \"User\" or \"Group\"");
        }
        JsonNode schema = given.get("schema");
        if (schema == null || !schema.isObject()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "schema is the extension's RFC 7643 §7 "
                    + "representation: an object with id, name, description and attributes");
        }
        ObjectNode declaration = (ObjectNode) schema;
        if (!declaration.has("id")) {
            declaration.put("id", urn);
        } else if (!declaration.path("id").isTextual() || !declaration.path("id").asText().equals(urn)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "the schema's id is " + declaration.get("id")
                    + " but the path names " + urn + "; they are one URN");
        }
        boolean known = administration.existing(tenantId).extensions().stream()
                .anyMatch(e -> e.urn().equalsIgnoreCase(urn));
        // the tenant as the command left it: no second read of the registry
        TenantView tenant = administration.declareExtension(tenantId, resourceType.asText(), declaration,
                AdminActor.of(request));
        Map<String, Object> declared = described(tenantId, declared(tenant.extensions(), tenantId, urn));
        return ResponseEntity.status(known ? HttpStatus.OK : HttpStatus.CREATED).body(declared);
    }

    @DeleteMapping("/{urn}")
    ResponseEntity<Void> remove(@PathVariable String tenantId, @PathVariable String urn, HttpServletRequest request) {
        administration.removeExtension(tenantId, urn, AdminActor.of(request));
        return ResponseEntity.noContent().build();
    }

    static SchemaExtension declared(Tenants.Tenant tenant, String urn) {
        return declared(tenant.extensions(), tenant.id(), urn);
    }

    static SchemaExtension declared(List<SchemaExtension> extensions, String tenantId, String urn) {
        return extensions.stream().filter(e -> e.urn().equalsIgnoreCase(urn)).findFirst()
                .orElseThrow(() -> ScimException.notFound("schema extension " + urn + " not found in tenant "
                        + tenantId));
    }

    static Map<String, Object> described(String tenantId, SchemaExtension extension) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("resourceType", extension.resourceType());
        described.put("urn", extension.urn());
        described.put("schema", extension.schema());
        described.put("jsonSchema", BearerAuthenticationFilter.ADMIN_PATH + "/tenants/" + tenantId
                + "/schema-extensions/" + extension.urn() + "/json-schema");
        return described;
    }
}
