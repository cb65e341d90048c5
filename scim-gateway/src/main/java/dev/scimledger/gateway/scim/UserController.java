package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.provisioning.IgnoredAttributes;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.provisioning.UserProvisioning;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.AttributeProjection;
import dev.scimledger.scim.resource.JsonBodies;
import dev.scimledger.scim.search.SearchRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SCIM Users (RFC 7644 §3.2–3.6) over HTTP: {@link UserProvisioning} decides, this turns its answers into
 * responses. Every response carrying a user honours {@code attributes} / {@code excludedAttributes} (§3.9), writes
 * included, and shows the user's groups (RFC 7643 §4.1.2) only when asked, so only then are they read.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Users")
class UserController {

    private final UserProvisioning users;
    private final ResourceSearch search;
    private final GatewayProperties properties;
    private final ObjectMapper json;

    UserController(UserProvisioning users, ResourceSearch search, GatewayProperties properties, ObjectMapper json) {
        this.users = users;
        this.search = search;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping({"", "/"})
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) byte[] body,
                                      @RequestParam(required = false) String attributes,
                                      @RequestParam(required = false) String excludedAttributes,
                                      ScimCaller caller, RequestOrigin origin) {
        AttributeProjection projection = AttributeProjection.parse(caller.userSchema(), attributes, excludedAttributes);
        IgnoredAttributes ignored = new IgnoredAttributes();
        UserView created = users.create(caller, origin, JsonBodies.object(json, body), projection.includes("groups"),
                ignored);
        return ScimResponses.user(201, created, projection, ScimUrls.base(properties), ignored);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id,
                                   @RequestParam(required = false) String attributes,
                                   @RequestParam(required = false) String excludedAttributes,
                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                   ScimCaller caller) {
        AttributeProjection projection = AttributeProjection.parse(caller.userSchema(), attributes, excludedAttributes);
        UserView user = users.find(caller, id, projection.includes("groups"))
                .orElseThrow(() -> ScimException.notFound("User " + id + " not found"));
        if (ETags.noneMatchHits(ifNoneMatch, user.version())) {
            // RFC 9110 §15.4.5: a 304 carries the ETag the 200 would have, and no body
            return ResponseEntity.status(304).eTag(ETags.of(user.version())).build();
        }
        return ScimResponses.user(200, user, projection, ScimUrls.base(properties));
    }

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(SearchParameters query, ScimCaller caller) {
        return ScimResponses.ok(search.users(caller, query.parsed()));
    }

    /** RFC 7644 §3.4.3: a query in a body, for filters too long or too private for a URL. */
    @PostMapping("/.search")
    ResponseEntity<ObjectNode> searchByPost(@RequestBody(required = false) byte[] body, ScimCaller caller) {
        return ScimResponses.ok(search.users(caller, SearchRequest.fromBody(JsonBodies.object(json, body))));
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestParam(required = false) String attributes,
                                       @RequestParam(required = false) String excludedAttributes,
                                       ScimCaller caller, RequestOrigin origin) {
        AttributeProjection projection = AttributeProjection.parse(caller.userSchema(), attributes, excludedAttributes);
        IgnoredAttributes ignored = new IgnoredAttributes();
        UserView replaced = users.replace(caller, origin, id, JsonBodies.object(json, body),
                ETags.ifMatchVersion(ifMatch), projection.includes("groups"), ignored);
        return ScimResponses.user(200, replaced, projection, ScimUrls.base(properties), ignored);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ObjectNode> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestParam(required = false) String attributes,
                                     @RequestParam(required = false) String excludedAttributes,
                                     ScimCaller caller, RequestOrigin origin) {
        AttributeProjection projection = AttributeProjection.parse(caller.userSchema(), attributes, excludedAttributes);
        IgnoredAttributes ignored = new IgnoredAttributes();
        UserView patched = users.patch(caller, origin, id, JsonBodies.object(json, body),
                ETags.ifMatchVersion(ifMatch), projection.includes("groups"), ignored);
        return ScimResponses.user(200, patched, projection, ScimUrls.base(properties), ignored);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                ScimCaller caller, RequestOrigin origin) {
        users.delete(caller, origin, id, ETags.ifMatchVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
