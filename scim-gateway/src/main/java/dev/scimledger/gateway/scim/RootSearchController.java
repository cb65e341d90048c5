package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.search.SearchRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /.search} (RFC 7644 §3.4.3): a query across every resource type. Users are the only resources this
 * server has so far, so it searches users, and its filter and sortBy follow the User schema; when groups exist,
 * their results join these (and a filter then applies to each type).
 */
@RestController
class RootSearchController {

    private final ScimRequests requests;
    private final UserSearch users;

    RootSearchController(ScimRequests requests, UserSearch users) {
        this.requests = requests;
        this.users = users;
    }

    @PostMapping("${scim.base-path:/api/service/scim}/.search")
    ResponseEntity<ObjectNode> search(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        SearchRequest search = SearchRequest.fromBody(requests.parse(body));
        return UserController.ok(users.search(ScimRequests.caller(request).tenantId(), search));
    }
}
