package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.Schema;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The discovery endpoints {@code /Schemas} and {@code /ResourceTypes} (RFC 7644 §4, RFC 7643 §6–7), rendered from
 * the schema definitions the server validates and searches with, so they cannot disagree: the service's own and the
 * extensions the caller's tenant declared (another tenant's are never shown). Read-only: other methods
 * answer 405. As §4 says, query parameters are ignored, except that a filter is refused with 403 so that a client
 * cannot believe the answer was filtered.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}")
class DiscoveryController {

    private final GatewayProperties properties;

    DiscoveryController(GatewayProperties properties) {
        this.properties = properties;
    }

    @GetMapping({"/Schemas", "/Schemas/"})
    ResponseEntity<ObjectNode> schemas(@RequestParam(required = false) String filter, ScimCaller caller) {
        Discovery.refuseFilter(filter);
        String base = ScimUrls.base(properties);
        List<ObjectNode> resources = new ArrayList<>();
        caller.types().schemasByUrn().values().forEach(schema -> resources.add(schema(schema, base)));
        return ScimResponses.ok(ListResponses.of(resources.size(), 1, resources));
    }

    @GetMapping("/Schemas/{urn}")
    ResponseEntity<ObjectNode> schema(@PathVariable String urn, ScimCaller caller) {
        Schema schema = caller.types().schemasByUrn().get(urn.toLowerCase(Locale.ROOT));
        if (schema == null) {
            throw ScimException.notFound("Schema " + urn + " not found");
        }
        return ScimResponses.ok(schema(schema, ScimUrls.base(properties)));
    }

    @GetMapping({"/ResourceTypes", "/ResourceTypes/"})
    ResponseEntity<ObjectNode> resourceTypes(@RequestParam(required = false) String filter, ScimCaller caller) {
        Discovery.refuseFilter(filter);
        String base = ScimUrls.base(properties);
        List<ObjectNode> resources = caller.types().all().stream().map(type -> resourceType(type, base)).toList();
        return ScimResponses.ok(ListResponses.of(resources.size(), 1, resources));
    }

    @GetMapping("/ResourceTypes/{name}")
    ResponseEntity<ObjectNode> resourceType(@PathVariable String name, ScimCaller caller) {
        ResourceSchema type = caller.types().byName(name)
                .orElseThrow(() -> ScimException.notFound("ResourceType " + name + " not found"));
        return ScimResponses.ok(resourceType(type, ScimUrls.base(properties)));
    }

    private static ObjectNode schema(Schema schema, String base) {
        ObjectNode json = schema.toJson();
        json.putObject("meta").put("resourceType", "Schema").put("location", base + "/Schemas/" + schema.id());
        return json;
    }

    private static ObjectNode resourceType(ResourceSchema type, String base) {
        ObjectNode json = type.toJson();
        json.putObject("meta").put("resourceType", "ResourceType")
                .put("location", base + "/ResourceTypes/" + type.name());
        return json;
    }
}
