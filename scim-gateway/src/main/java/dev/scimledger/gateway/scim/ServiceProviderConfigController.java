package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.tenant.TenantSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 7643 §5: what this server supports for the calling tenant, truthfully (patch, filter up to the tenant's
 * maxResults, sort, weak ETags, bulk within the tenant's maxBulkOperations and the instance's body limit, no password change, and RFC 9865 §4's {@code pagination}: index and cursor, index by default). Read-only
 * like the other discovery endpoints ({@link DiscoveryController}).
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/ServiceProviderConfig")
class ServiceProviderConfigController {

    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private final GatewayProperties properties;
    private final long maxPayloadSize;
    private final Cursors cursors;

    ServiceProviderConfigController(GatewayProperties properties, Cursors cursors) {
        this.cursors = cursors;
        this.maxPayloadSize = properties.maxRequestSize().toBytes();
        this.properties = properties;
    }

    @GetMapping
    ResponseEntity<ObjectNode> get(@RequestParam(required = false) String filter, ScimCaller caller) {
        Discovery.refuseFilter(filter);
        TenantSettings limits = caller.settings();
        int pageSize = Math.min(properties.defaultPageSize(), limits.maxResults());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode config = f.objectNode();
        config.putArray("schemas").add(SCHEMA);
        config.put("documentationUri", "https://datatracker.ietf.org/doc/html/rfc7644");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", true).put("maxOperations", limits.maxBulkOperations())
                .put("maxPayloadSize", maxPayloadSize);
        config.putObject("filter").put("supported", true).put("maxResults", limits.maxResults());
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", true);
        config.putObject("etag").put("supported", true);
        config.putObject("pagination").put("cursor", true).put("index", true).put("defaultPaginationMethod", "index")
                .put("defaultPageSize", pageSize).put("maxPageSize", limits.maxResults())
                .put("cursorTimeout", cursors.timeout().toSeconds());
        ObjectNode bearer = config.putArray("authenticationSchemes").addObject();
        bearer.put("type", "oauthbearertoken");
        bearer.put("name", "OAuth Bearer Token");
        bearer.put("description", "A tenant's SCIM token, issued by the admin API, sent as Authorization: Bearer");
        bearer.put("specUri", "https://datatracker.ietf.org/doc/html/rfc6750");
        bearer.put("primary", true);
        ObjectNode meta = config.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", ScimUrls.base(properties) + "/ServiceProviderConfig");
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(config);
    }
}
