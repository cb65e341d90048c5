package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.FindUserGroupsQuery;
import dev.scimledger.messages.user.FindUserQuery;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.AttributeProjection;
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
 * SCIM Users (RFC 7644 §3.2–3.6): each write becomes a command, each read a query. Every response carrying a user
 * honours {@code attributes} / {@code excludedAttributes} (§3.9), writes included, and shows the user's groups
 * (RFC 7643 §4.1.2) from the read model, which are read only when the response shows them.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Users")
class UserController {


    private final ScimRequests requests;
    private final QueryGateway queries;
    private final GatewayProperties properties;
    private final ResourceSearch search;

    UserController(ScimRequests requests, QueryGateway queries, GatewayProperties properties, ResourceSearch search) {
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
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.USER, attributes, excludedAttributes);
        ObjectNode values = normalized(requests.parse(body));
        boolean active = takeActive(values, true);
        CreateUserCommand command = new CreateUserCommand(UUID.randomUUID().toString(), caller.tenantId(),
                values, active, ScimRequests.requestTime());
        UserView created = requests.create(command, request);
        // a user created just now is in no group yet; one that adopted an imported account (another id) may be
        boolean brandNew = created.userId().equals(command.userId());
        return respond(201, brandNew ? created.withGroups(List.of()) : shown(created, projection.includes("groups")),
                true, projection);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id,
                                   @RequestParam(required = false) String attributes,
                                   @RequestParam(required = false) String excludedAttributes,
                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                   HttpServletRequest request) {
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.USER, attributes, excludedAttributes);
        UserView user = find(ScimRequests.caller(request).tenantId(), id, projection.includes("groups"))
                .orElseThrow(() -> ScimException.notFound("User " + id + " not found"));
        if (ETags.noneMatchHits(ifNoneMatch, user.version())) {
            // RFC 9110 §15.4.5: a 304 carries the ETag the 200 would have, and no body
            return ResponseEntity.status(304).eTag(ETags.of(user.version())).build();
        }
        return respond(200, user, false, projection);
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
        return ok(this.search.users(ScimRequests.caller(request), search));
    }

    /** RFC 7644 §3.4.3: a query in a body, for filters too long or too private for a URL. */
    @PostMapping("/.search")
    ResponseEntity<ObjectNode> searchByPost(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        SearchRequest search = SearchRequest.fromBody(requests.parse(body));
        return ok(this.search.users(ScimRequests.caller(request), search));
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestParam(required = false) String attributes,
                                       @RequestParam(required = false) String excludedAttributes,
                                       HttpServletRequest request) {
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.USER, attributes, excludedAttributes);
        ObjectNode values = normalized(requests.parse(body));
        Boolean active = values.has("active") ? takeActive(values, true) : null;
        ScimCaller caller = ScimRequests.caller(request);
        ReplaceUserCommand command = new ReplaceUserCommand(id, caller.tenantId(), values,
                active, ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime(),
                caller.settings().workEmailImmutable());
        UserView replaced = requests.change(command, request);
        return respond(200, shown(replaced, projection.includes("groups")), false, projection);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ObjectNode> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestParam(required = false) String attributes,
                                     @RequestParam(required = false) String excludedAttributes,
                                     HttpServletRequest request) {
        AttributeProjection projection = AttributeProjection.parse(ResourceSchema.USER, attributes, excludedAttributes);
        JsonNode patchRequest = requests.parse(body);
        ScimCaller caller = ScimRequests.caller(request);
        requests.checkPatch(patchRequest, caller); // malformed operations are a 400 before any command exists
        PatchUserCommand command = new PatchUserCommand(id, caller.tenantId(), patchRequest,
                ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime(),
                caller.settings().workEmailImmutable());
        UserView patched = requests.change(command, request);
        return respond(200, shown(patched, projection.includes("groups")), false, projection);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                HttpServletRequest request) {
        DeleteUserCommand command = new DeleteUserCommand(id, ScimRequests.caller(request).tenantId(),
                ScimRequests.ifMatchVersion(ifMatch), ScimRequests.requestTime());
        requests.change(command, request);
        return ResponseEntity.noContent().build();
    }

    static ResponseEntity<ObjectNode> ok(ObjectNode body) {
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    /** Request time, to the millisecond: what meta.created / meta.lastModified show, the same on every read. */

    private ObjectNode normalized(JsonNode body) {
        if (body.has("password")) {
            ((ObjectNode) body).remove("password"); // a password never reaches a command, let alone the log
        }
        return ResourceNormalizer.normalize(body, ResourceSchema.USER);
    }

    private static boolean takeActive(ObjectNode attributes, boolean absent) {
        JsonNode active = attributes.remove("active");
        if (active == null || active.isNull()) {
            return absent;
        }
        if (!active.isBoolean()) {
            throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "active must be a boolean");
        }
        return active.booleanValue();
    }

    private Optional<UserView> find(String tenantId, String id, boolean includeGroups) {
        return queries.query(new FindUserQuery(tenantId, id, includeGroups),
                ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }

    /**
     * The written user (the command's result) with its groups as the read model has them, when the response shows
     * them. The read model was written in the command's transaction, so a client that got its 2xx reads its write
     * on any node.
     */
    private UserView shown(UserView written, boolean groups) {
        if (!groups) {
            return written;
        }
        return written.withGroups(queries.query(new FindUserGroupsQuery(written.tenantId(), written.userId()),
                ResponseTypes.multipleInstancesOf(UserView.GroupRef.class)).join());
    }

    private ResponseEntity<ObjectNode> respond(int status, UserView user, boolean withLocation,
                                              AttributeProjection projection) {
        String base = ScimUrls.base(properties);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(ETags.of(user.version()));
        if (withLocation) {
            response.location(URI.create(UserRenderer.location(base, user.userId())));
        }
        return response.body(projection.apply(UserRenderer.render(user, base)));
    }
}
