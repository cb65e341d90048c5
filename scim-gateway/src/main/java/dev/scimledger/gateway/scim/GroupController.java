package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.provisioning.GroupProvisioning;
import dev.scimledger.gateway.provisioning.IgnoredAttributes;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.group.GroupView;
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
 * SCIM Groups (RFC 7644 §3.2–3.6) over HTTP: {@link GroupProvisioning} decides, this turns its answers into
 * responses. Every response carrying a group honours {@code attributes} / {@code excludedAttributes} (§3.9); members
 * are read only when the response shows them (a group may have 100,000 members: {@code excludedAttributes=members},
 * or {@code attributes} not naming them, never touches the membership table). PATCH answers 204 (RFC 7644 §3.5.2
 * allows it): Entra and Okta do not read the body.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Groups")
class GroupController {

    private final GroupProvisioning groups;
    private final ResourceSearch search;
    private final GatewayProperties properties;
    private final ObjectMapper json;

    GroupController(GroupProvisioning groups, ResourceSearch search, GatewayProperties properties, ObjectMapper json) {
        this.groups = groups;
        this.search = search;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping({"", "/"})
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) byte[] body,
                                      @RequestParam(required = false) String attributes,
                                      @RequestParam(required = false) String excludedAttributes,
                                      ScimCaller caller, RequestOrigin origin) {
        AttributeProjection projection = AttributeProjection.parse(caller.groupSchema(), attributes, excludedAttributes);
        IgnoredAttributes ignored = new IgnoredAttributes();
        GroupView created = groups.create(caller, origin, JsonBodies.object(json, body), projection.includes("members"),
                ignored);
        return ScimResponses.group(201, created, projection, ScimUrls.base(properties), ignored);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id,
                                   @RequestParam(required = false) String attributes,
                                   @RequestParam(required = false) String excludedAttributes,
                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                   ScimCaller caller) {
        AttributeProjection projection = AttributeProjection.parse(caller.groupSchema(), attributes, excludedAttributes);
        boolean members = projection.includes("members");
        GroupView group = null;
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            // the version first, without members: a client that is current gets its 304 without them being read
            group = groups.find(caller, id, false).orElseThrow(() -> notFound(id));
            if (ETags.noneMatchHits(ifNoneMatch, group.version())) {
                // RFC 9110 §15.4.5: a 304 carries the ETag the 200 would have, and no body
                return ResponseEntity.status(304).eTag(ETags.of(group.version())).build();
            }
        }
        if (group == null || members) {
            group = groups.find(caller, id, members).orElseThrow(() -> notFound(id));
        }
        return ScimResponses.group(200, group, projection, ScimUrls.base(properties), null);
    }

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(SearchParameters query, ScimCaller caller) {
        return ScimResponses.ok(search.groups(caller, query.parsed()));
    }

    /** RFC 7644 §3.4.3: a query in a body, for filters too long or too private for a URL. */
    @PostMapping("/.search")
    ResponseEntity<ObjectNode> searchByPost(@RequestBody(required = false) byte[] body, ScimCaller caller) {
        return ScimResponses.ok(search.groups(caller, SearchRequest.fromBody(JsonBodies.object(json, body))));
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestParam(required = false) String attributes,
                                       @RequestParam(required = false) String excludedAttributes,
                                       ScimCaller caller, RequestOrigin origin) {
        AttributeProjection projection = AttributeProjection.parse(caller.groupSchema(), attributes, excludedAttributes);
        IgnoredAttributes ignored = new IgnoredAttributes();
        GroupView replaced = groups.replace(caller, origin, id, JsonBodies.object(json, body),
                ETags.ifMatchVersion(ifMatch), projection.includes("members"), ignored);
        return ScimResponses.group(200, replaced, projection, ScimUrls.base(properties), ignored);
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               ScimCaller caller, RequestOrigin origin) {
        IgnoredAttributes ignored = new IgnoredAttributes();
        GroupView patched = groups.patch(caller, origin, id, JsonBodies.object(json, body), ETags.ifMatchVersion(ifMatch),
                ignored);
        return ScimResponses.noContent(patched.version(), ignored);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                ScimCaller caller, RequestOrigin origin) {
        groups.delete(caller, origin, id, ETags.ifMatchVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    private static ScimException notFound(String id) {
        return ScimException.notFound("Group " + id + " not found");
    }
}
