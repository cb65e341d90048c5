package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.DeleteGroupCommand;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.messages.group.ReplaceGroupCommand;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.AttributeProjection;
import dev.scimledger.scim.resource.MemberIds;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.search.SearchRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIM Groups (RFC 7644 §3.2–3.6). Every response carrying a group honours {@code attributes} /
 * {@code excludedAttributes} (§3.9); members are read only when the response shows them (a group may have 100,000
 * members: {@code excludedAttributes=members}, or {@code attributes} not naming them, never touches the membership
 * table). PATCH answers 204 (RFC 7644 §3.5.2 allows it): Entra and Okta do not read the body.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Groups")
class GroupController {


    private final ScimRequests requests;
    private final QueryGateway queries;
    private final GatewayProperties properties;
    private final ResourceSearch search;

    GroupController(ScimRequests requests, QueryGateway queries, GatewayProperties properties,
                    ResourceSearch search) {
        this.requests = requests;
        this.queries = queries;
        this.properties = properties;
        this.search = search;
    }

    @PostMapping({"", "/"})
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) byte[] body,
                                      @RequestParam(required = false) String attributes,
                                      @RequestParam(required = false) String excludedAttributes,
                                      HttpServletRequest request) {
        ScimCaller caller = ScimRequests.caller(request);
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.GROUP, attributes, excludedAttributes);
        JsonNode json = requests.parse(body);
        ObjectNode values = attributes(json);
        if (caller.settings().groupsExistBeforehand()) {
            throw new ScimException(403, null, "this tenant's groups are created by its administrator; group \""
                    + values.path("displayName").asText() + "\" does not exist (find existing groups with "
                    + "filter=displayName eq \"...\")");
        }
        CreateGroupCommand command = new CreateGroupCommand(UUID.randomUUID().toString(), caller.tenantId(),
                values, memberIds(json), ScimRequests.requestTime());
        GroupView created = requests.create(command, request);
        return respond(201, shown(created, projection.includes("members")), true, projection);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id,
                                   @RequestParam(required = false) String attributes,
                                   @RequestParam(required = false) String excludedAttributes,
                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                   HttpServletRequest request) {
        String tenantId = ScimRequests.caller(request).tenantId();
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.GROUP, attributes, excludedAttributes);
        boolean members = projection.includes("members");
        GroupView group = null;
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            // the version first, without members: a client that is current gets its 304 without them being read
            group = find(tenantId, id, false).orElseThrow(() -> notFound(id));
            if (ETags.noneMatchHits(ifNoneMatch, group.version())) {
                // RFC 9110 §15.4.5: a 304 carries the ETag the 200 would have, and no body
                return ResponseEntity.status(304).eTag(ETags.of(group.version())).build();
            }
        }
        if (group == null || members) {
            group = find(tenantId, id, members).orElseThrow(() -> notFound(id));
        }
        return respond(200, group, false, projection);
    }

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(@RequestParam(required = false) String filter,
                                    @RequestParam(required = false) String startIndex,
                                    @RequestParam(required = false) String count,
                                    @RequestParam(required = false) String sortBy,
                                    @RequestParam(required = false) String sortOrder,
                                    @RequestParam(required = false) String attributes,
                                    @RequestParam(required = false) String excludedAttributes,
                                    @RequestParam(required = false) String cursor,
                                    HttpServletRequest request) {
        SearchRequest search = SearchRequest.fromQuery(filter, attributes, excludedAttributes, sortBy, sortOrder,
                startIndex, count, cursor);
        return UserController.ok(this.search.groups(ScimRequests.caller(request), search));
    }

    /** RFC 7644 §3.4.3: a query in a body, for filters too long or too private for a URL. */
    @PostMapping("/.search")
    ResponseEntity<ObjectNode> searchByPost(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        SearchRequest search = SearchRequest.fromBody(requests.parse(body));
        return UserController.ok(this.search.groups(ScimRequests.caller(request), search));
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestParam(required = false) String attributes,
                                       @RequestParam(required = false) String excludedAttributes,
                                       HttpServletRequest request) {
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.GROUP, attributes, excludedAttributes);
        JsonNode json = requests.parse(body);
        ReplaceGroupCommand command = new ReplaceGroupCommand(id, ScimRequests.caller(request).tenantId(), attributes(json),
                memberIds(json), ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime());
        GroupView replaced = requests.change(command, request);
        return respond(200, shown(replaced, projection.includes("members")), false, projection);
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               HttpServletRequest request) {
        JsonNode patchRequest = requests.parse(body);
        requests.checkPatch(patchRequest, ScimRequests.caller(request));
        PatchGroupCommand command = new PatchGroupCommand(id, ScimRequests.caller(request).tenantId(), patchRequest,
                ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime());
        GroupView patched = requests.change(command, request);
        return ResponseEntity.noContent().eTag(ETags.of(patched.version())).build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                HttpServletRequest request) {
        ScimCaller caller = ScimRequests.caller(request);
        if (caller.settings().groupsExistBeforehand()) {
            throw new ScimException(403, null, "this tenant's groups are managed by its administrator and are not "
                    + "deleted through SCIM");
        }
        GroupView deleted = requests.change(new DeleteGroupCommand(id, caller.tenantId(),
                ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime()), request);
        return ResponseEntity.noContent().build();
    }

    /** The group's attributes without its members, which travel as ids beside them. */
    private static ObjectNode attributes(JsonNode body) {
        ObjectNode withoutMembers = ((ObjectNode) body).deepCopy();
        withoutMembers.remove(memberKeys(body));
        ObjectNode attributes = ResourceNormalizer.normalize(withoutMembers, ResourceSchema.GROUP);
        attributes.remove("members");
        return attributes;
    }

    private static List<String> memberIds(JsonNode body) {
        return MemberIds.of(MemberIds.field(body, "members"));
    }

    private static List<String> memberKeys(JsonNode body) {
        return java.util.stream.StreamSupport.stream(((Iterable<String>) body::fieldNames).spliterator(), false)
                .filter(name -> name.equalsIgnoreCase("members")).toList();
    }

    private static ScimException notFound(String id) {
        return ScimException.notFound("Group " + id + " not found");
    }

    private Optional<GroupView> find(String tenantId, String id, boolean includeMembers) {
        return queries.query(new FindGroupQuery(tenantId, id, includeMembers),
                ResponseTypes.optionalInstanceOf(GroupView.class)).join();
    }

    /**
     * The written group, with its members (their display names) as the read model has them when the response shows
     * them: the read model was written in the command's transaction, so it holds this very write.
     */
    private GroupView shown(GroupView written, boolean includeMembers) {
        if (!includeMembers) {
            return written;
        }
        return find(written.tenantId(), written.groupId(), true)
                .filter(read -> read.version() == written.version())
                .orElse(written);
    }

    private ResponseEntity<ObjectNode> respond(int status, GroupView group, boolean withLocation,
                                              AttributeProjection projection) {
        String base = ScimUrls.base(properties);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(ETags.of(group.version()));
        if (withLocation) {
            response.location(URI.create(GroupRenderer.location(base, group.groupId())));
        }
        return response.body(projection.apply(GroupRenderer.render(group, base)));
    }

}
