package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.resource.JsonBodies;
import dev.scimledger.scim.search.SearchRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /.search} (RFC 7644 §3.4.3): a query across every resource type, users then groups (see
 * {@link ResourceSearch#all} for how filter, sortBy and paging apply across both).
 */
@RestController
class RootSearchController {

    private final ResourceSearch search;
    private final ObjectMapper json;

    RootSearchController(ResourceSearch search, ObjectMapper json) {
        this.search = search;
        this.json = json;
    }

    @PostMapping("${scim.base-path:/api/service/scim}/.search")
    ResponseEntity<ObjectNode> search(@RequestBody(required = false) byte[] body, ScimCaller caller) {
        return ScimResponses.ok(search.all(caller, SearchRequest.fromBody(JsonBodies.object(json, body))));
    }
}
