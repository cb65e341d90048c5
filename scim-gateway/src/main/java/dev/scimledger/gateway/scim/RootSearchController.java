package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.search.SearchRequest;
import jakarta.servlet.http.HttpServletRequest;
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

    private final ScimRequests requests;
    private final ResourceSearch search;

    RootSearchController(ScimRequests requests, ResourceSearch search) {
        this.requests = requests;
        this.search = search;
    }

    @PostMapping("${scim.base-path:/api/service/scim}/.search")
    ResponseEntity<ObjectNode> search(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        SearchRequest search = SearchRequest.fromBody(requests.parse(body));
        return UserController.ok(this.search.all(ScimRequests.caller(request), search));
    }
}
