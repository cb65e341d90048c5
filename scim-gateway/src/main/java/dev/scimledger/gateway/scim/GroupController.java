package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.DeleteGroupCommand;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupPage;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.messages.group.ReplaceGroupCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.patch.PatchRequest;
import dev.scimledger.scim.resource.MemberIds;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.messages.group.SearchGroupsQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIM Groups (RFC 7644 §3.2–3.6). PATCH answers 204 (RFC 7644 §3.5.2 allows it): a group may have 100,000
 * members, and Entra and Okta do not read the body. Members are read only when the response shows them.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Groups")
class GroupController {

    private static final Logger log = LoggerFactory.getLogger(GroupController.class);

    private final ScimRequests requests;
    private final QueryGateway queries;
    private final Tenants tenants;
    private final GatewayProperties properties;

    GroupController(ScimRequests requests, QueryGateway queries, Tenants tenants, GatewayProperties properties) {
        this.requests = requests;
        this.queries = queries;
        this.tenants = tenants;
        this.properties = properties;
    }

    @PostMapping({"", "/"})
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        ScimCaller caller = ScimRequests.caller(request);
        JsonNode json = requests.parse(body);
        ObjectNode attributes = attributes(json);
        if (policy(caller) == Tenants.GroupPolicy.EXISTING) {
            throw new ScimException(403, null, "this tenant's groups are created by its administrator; group \""
                    + attributes.path("displayName").asText() + "\" does not exist (find existing groups with "
                    + "filter=displayName eq \"...\")");
        }
        CreateGroupCommand command = new CreateGroupCommand(UUID.randomUUID().toString(), caller.tenantId(),
                attributes, memberIds(json), now());
        GroupView created = requests.create(command, request);
        GroupView shown = awaitReadModel(created, true);
        return respond(201, shown, true);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id,
                                   @RequestParam(required = false) String attributes,
                                   @RequestParam(required = false) String excludedAttributes,
                                   HttpServletRequest request) {
        GroupView group = find(ScimRequests.caller(request).tenantId(), id, -1, withMembers(attributes, excludedAttributes))
                .orElseThrow(() -> ScimException.notFound("Group " + id + " not found"));
        return respond(200, group, false);
    }

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(@RequestParam(required = false) String filter,
                                    @RequestParam(required = false) Integer startIndex,
                                    @RequestParam(required = false) Integer count,
                                    @RequestParam(required = false) String attributes,
                                    @RequestParam(required = false) String excludedAttributes,
                                    HttpServletRequest request) {
        if (filter != null && !filter.isBlank()) {
            if (filter.indexOf('\0') >= 0) {
                throw ScimException.badRequest(ScimErrorType.INVALID_FILTER, "a filter may not contain the NUL character");
            }
            FilterParser.parse(filter);
        } else {
            filter = null;
        }
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? properties.defaultPageSize() : Math.max(0, Math.min(count, properties.maxResults()));
        GroupPage page = queries.query(new SearchGroupsQuery(ScimRequests.caller(request).tenantId(), filter, start, size,
                withMembers(attributes, excludedAttributes)), GroupPage.class).join();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(UserController.LIST_RESPONSE_SCHEMA);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", page.startIndex());
        body.put("itemsPerPage", page.resources().size());
        ArrayNode resources = body.putArray("Resources");
        String base = baseUrl();
        page.resources().forEach(group -> resources.add(GroupRenderer.render(group, base)));
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       HttpServletRequest request) {
        JsonNode json = requests.parse(body);
        ReplaceGroupCommand command = new ReplaceGroupCommand(id, ScimRequests.caller(request).tenantId(), attributes(json),
                memberIds(json), ScimRequests.ifMatchVersion(ifMatch), now());
        GroupView replaced = requests.change(command, request);
        return respond(200, awaitReadModel(replaced, true), false);
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               HttpServletRequest request) {
        JsonNode patchRequest = requests.parse(body);
        PatchRequest.parse(patchRequest);
        PatchGroupCommand command = new PatchGroupCommand(id, ScimRequests.caller(request).tenantId(), patchRequest,
                ScimRequests.ifMatchVersion(ifMatch), now());
        GroupView patched = requests.change(command, request);
        awaitReadModel(patched, false);
        return ResponseEntity.noContent().eTag(UserRenderer.etag(patched.version())).build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                HttpServletRequest request) {
        ScimCaller caller = ScimRequests.caller(request);
        if (policy(caller) == Tenants.GroupPolicy.EXISTING) {
            throw new ScimException(403, null, "this tenant's groups are managed by its administrator and are not "
                    + "deleted through SCIM");
        }
        GroupView deleted = requests.change(new DeleteGroupCommand(id, caller.tenantId(),
                ScimRequests.ifMatchVersion(ifMatch), now()), request);
        find(deleted.tenantId(), deleted.groupId(), deleted.version(), false); // read-your-writes: gone when we answer
        return ResponseEntity.noContent().build();
    }

    private Tenants.GroupPolicy policy(ScimCaller caller) {
        return tenants.find(caller.tenantId()).map(Tenants.Tenant::groupPolicy).orElse(Tenants.GroupPolicy.LIFECYCLE);
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

    /** Members are read only when the response shows them: {@code excludedAttributes=members} skips them. */
    static boolean withMembers(String attributes, String excludedAttributes) {
        if (excludedAttributes != null && names(excludedAttributes).contains("members")) {
            return false;
        }
        return attributes == null || attributes.isBlank() || names(attributes).stream()
                .anyMatch(name -> name.equals("members") || name.startsWith("members."));
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .map(s -> s.startsWith(GroupRenderer.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":")
                        ? s.substring(GroupRenderer.GROUP_SCHEMA.length() + 1) : s)
                .toList();
    }

    private Optional<GroupView> find(String tenantId, String id, long minVersion, boolean includeMembers) {
        return queries.query(new FindGroupQuery(tenantId, id, minVersion, includeMembers),
                ResponseTypes.optionalInstanceOf(GroupView.class)).join();
    }

    /** Waits until the read model has applied the write; answers the group as it then reads. */
    private GroupView awaitReadModel(GroupView written, boolean includeMembers) {
        Optional<GroupView> read = find(written.tenantId(), written.groupId(), written.version(), includeMembers);
        if (read.isEmpty() || read.get().version() < written.version()) {
            log.warn("read model has not caught up with group {} version {} in time", written.groupId(), written.version());
            return written;
        }
        return read.get();
    }

    private ResponseEntity<ObjectNode> respond(int status, GroupView group, boolean withLocation) {
        String base = baseUrl();
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(UserRenderer.etag(group.version()));
        if (withLocation) {
            response.location(URI.create(GroupRenderer.location(base, group.groupId())));
        }
        return response.body(GroupRenderer.render(group, base));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(properties.basePath()).build().toUriString();
    }
}
