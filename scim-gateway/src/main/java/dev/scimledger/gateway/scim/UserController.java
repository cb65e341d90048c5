package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.FindUserQuery;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.SearchUsersQuery;
import dev.scimledger.messages.user.UserPage;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.patch.PatchRequest;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResourceSchema;
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
import java.util.Optional;
import java.util.UUID;

/** SCIM Users (RFC 7644 §3.2–3.6): each write becomes a command, each read a query. */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Users")
class UserController {

    private static final Logger log = LoggerFactory.getLogger(UserController.class);
    static final String LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private final ScimRequests requests;
    private final QueryGateway queries;
    private final GatewayProperties properties;

    UserController(ScimRequests requests, QueryGateway queries, GatewayProperties properties) {
        this.requests = requests;
        this.queries = queries;
        this.properties = properties;
    }

    @PostMapping({"", "/"})
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        ScimCaller caller = ScimRequests.caller(request);
        ObjectNode attributes = attributes(requests.parse(body));
        boolean active = takeActive(attributes, true);
        CreateUserCommand command = new CreateUserCommand(UUID.randomUUID().toString(), caller.tenantId(),
                attributes, active, now());
        UserView created = requests.create(command, request);
        awaitReadModel(created);
        return respond(201, created, true);
    }

    @GetMapping("/{id}")
    ResponseEntity<ObjectNode> get(@PathVariable String id, HttpServletRequest request) {
        UserView user = find(ScimRequests.caller(request).tenantId(), id, -1)
                .orElseThrow(() -> ScimException.notFound("User " + id + " not found"));
        return respond(200, user, false);
    }

    @GetMapping({"", "/"})
    ResponseEntity<ObjectNode> list(@RequestParam(required = false) String filter,
                                    @RequestParam(required = false) Integer startIndex,
                                    @RequestParam(required = false) Integer count,
                                    HttpServletRequest request) {
        if (filter != null && !filter.isBlank()) {
            if (filter.indexOf('\0') >= 0) {
                throw ScimException.badRequest(ScimErrorType.INVALID_FILTER, "a filter may not contain the NUL character");
            }
            FilterParser.parse(filter); // a malformed filter is a 400 before any query exists
        } else {
            filter = null;
        }
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? properties.defaultPageSize() : Math.max(0, Math.min(count, properties.maxResults()));
        UserPage page = queries.query(new SearchUsersQuery(ScimRequests.caller(request).tenantId(), filter, start, size),
                UserPage.class).join();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(LIST_RESPONSE_SCHEMA);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", page.startIndex());
        body.put("itemsPerPage", page.resources().size());
        var resources = body.putArray("Resources");
        String base = baseUrl();
        page.resources().forEach(user -> resources.add(UserRenderer.render(user, base)));
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    @PutMapping("/{id}")
    ResponseEntity<ObjectNode> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       HttpServletRequest request) {
        ObjectNode attributes = attributes(requests.parse(body));
        Boolean active = attributes.has("active") ? takeActive(attributes, true) : null;
        ReplaceUserCommand command = new ReplaceUserCommand(id, ScimRequests.caller(request).tenantId(), attributes,
                active, ScimRequests.ifMatchVersion(ifMatch), now());
        UserView replaced = requests.change(command, request);
        awaitReadModel(replaced);
        return respond(200, replaced, false);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ObjectNode> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     HttpServletRequest request) {
        JsonNode patchRequest = requests.parse(body);
        PatchRequest.parse(patchRequest); // malformed operations are a 400 before any command exists
        PatchUserCommand command = new PatchUserCommand(id, ScimRequests.caller(request).tenantId(), patchRequest,
                ScimRequests.ifMatchVersion(ifMatch), now());
        UserView patched = requests.change(command, request);
        awaitReadModel(patched);
        return respond(200, patched, false);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                HttpServletRequest request) {
        DeleteUserCommand command = new DeleteUserCommand(id, ScimRequests.caller(request).tenantId(),
                ScimRequests.ifMatchVersion(ifMatch), now());
        UserView deleted = requests.change(command, request);
        awaitReadModel(deleted);
        return ResponseEntity.noContent().build();
    }

    /** Request time, to the millisecond: what meta.created / meta.lastModified show, the same on every read. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private ObjectNode attributes(JsonNode body) {
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

    private Optional<UserView> find(String tenantId, String id, long minVersion) {
        return queries.query(new FindUserQuery(tenantId, id, minVersion),
                ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }

    /** A client that got a 2xx and then reads must see its write: wait until the read model has applied it. */
    private void awaitReadModel(UserView written) {
        Optional<UserView> read = find(written.tenantId(), written.userId(), written.version());
        if (read.map(r -> r.version() < written.version()).orElse(false)) {
            log.warn("read model has not caught up with user {} version {} in time", written.userId(), written.version());
        }
    }

    private ResponseEntity<ObjectNode> respond(int status, UserView user, boolean withLocation) {
        String base = baseUrl();
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(UserRenderer.etag(user.version()));
        if (withLocation) {
            response.location(URI.create(UserRenderer.location(base, user.userId())));
        }
        return response.body(UserRenderer.render(user, base));
    }

    private String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(properties.basePath()).build().toUriString();
    }
}
