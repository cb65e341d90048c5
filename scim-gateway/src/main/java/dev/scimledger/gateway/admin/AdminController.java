package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.scim.ScimRequests;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResourceSchema;
import jakarta.servlet.http.HttpServletRequest;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tenants and their SCIM tokens. Authenticated by the admin token (see {@link BearerAuthenticationFilter}). */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants")
class AdminController {

    /** The actor recorded on events caused through the admin API. */
    static final String ADMIN_ACTOR = "admin";

    private final Tenants tenants;
    private final ScimRequests requests;
    private final QueryGateway queries;
    private final ObjectMapper json;

    AdminController(Tenants tenants, ScimRequests requests, QueryGateway queries, ObjectMapper json) {
        this.tenants = tenants;
        this.requests = requests;
        this.queries = queries;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> createTenant(@RequestBody(required = false) String body) {
        String name = tenantName(body);
        Tenants.Tenant tenant = tenants.create(name)
                .orElseThrow(() -> ScimException.conflict("a tenant named \"" + name + "\" exists already"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", tenant.id(), "name", tenant.name()));
    }

    @GetMapping("/{tenantId}")
    ResponseEntity<Map<String, Object>> tenant(@PathVariable String tenantId) {
        return ResponseEntity.ok(describe(existing(tenantId)));
    }

    /**
     * Tenant settings: {@code groupPolicy} ("lifecycle", the default, or "existing"), {@code rateLimitPerSecond}
     * (requests per second per SCIM token; null for the default) and {@code workEmailImmutable} (default true; the
     * userName rule cannot be relaxed).
     */
    @PatchMapping("/{tenantId}")
    ResponseEntity<Map<String, Object>> changeSettings(@PathVariable String tenantId,
                                                      @RequestBody(required = false) String body) {
        existing(tenantId);
        JsonNode settings = object(body);
        JsonNode policy = settings.get("groupPolicy");
        if (policy != null) {
            Tenants.GroupPolicy groupPolicy = Tenants.GroupPolicy.fromWireName(policy.asText()).orElseThrow(() ->
                    ScimException.badRequest(ScimErrorType.INVALID_VALUE, "groupPolicy is \"lifecycle\" or \"existing\""));
            tenants.setGroupPolicy(tenantId, groupPolicy);
        }
        if (settings.has("rateLimitPerSecond")) {
            JsonNode rate = settings.get("rateLimitPerSecond");
            if (!rate.isNull() && (!rate.canConvertToInt() || rate.asInt() < 1 || rate.asInt() > 100_000)) {
                throw ScimException.badRequest(ScimErrorType.INVALID_VALUE,
                        "rateLimitPerSecond is a whole number from 1 to 100000, or null for the default");
            }
            tenants.setRateLimit(tenantId, rate.isNull() ? null : rate.asInt());
        }
        if (settings.has("userNameImmutable") && !settings.get("userNameImmutable").asBoolean(true)) {
            throw ScimException.badRequest(ScimErrorType.MUTABILITY,
                    "the userName of a provisioned user never changes; this rule cannot be relaxed");
        }
        if (settings.has("workEmailImmutable")) {
            JsonNode rule = settings.get("workEmailImmutable");
            if (!rule.isBoolean()) {
                throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "workEmailImmutable is true or false");
            }
            tenants.setWorkEmailImmutable(tenantId, rule.booleanValue());
        }
        return ResponseEntity.ok(describe(existing(tenantId)));
    }

    /**
     * Creates a group for a tenant whose groups must already exist ({@code groupPolicy} "existing"); works for any
     * tenant. Recorded in the log like a SCIM create, with "admin" as the token.
     */
    @PostMapping("/{tenantId}/groups")
    ResponseEntity<Map<String, String>> createGroup(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                                    HttpServletRequest request) {
        existing(tenantId);
        JsonNode json = object(body);
        ObjectNode attributes = ResourceNormalizer.normalize(json, ResourceSchema.GROUP);
        attributes.remove("members");
        GroupView group = requests.createAs(new ScimCaller(tenantId, ADMIN_ACTOR),
                new CreateGroupCommand(UUID.randomUUID().toString(), tenantId, attributes, List.of(),
                        ScimRequests.requestTime()), request);
        // read-your-writes: the group is findable (Entra filters by displayName next) when the answer arrives
        queries.query(new FindGroupQuery(tenantId, group.groupId(), group.version(), false),
                ResponseTypes.optionalInstanceOf(GroupView.class)).join();
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("id", group.groupId());
        answer.put("displayName", group.attributes().path("displayName").asText());
        if (group.attributes().hasNonNull("externalId")) {
            answer.put("externalId", group.attributes().get("externalId").asText());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    private Tenants.Tenant existing(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> ScimException.notFound("tenant " + tenantId + " not found"));
    }

    private static Map<String, Object> describe(Tenants.Tenant tenant) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", tenant.id());
        described.put("name", tenant.name());
        described.put("groupPolicy", tenant.groupPolicy().wireName());
        described.put("rateLimitPerSecond", tenant.rateLimitPerSecond());
        described.put("userNameImmutable", true);
        described.put("workEmailImmutable", tenant.workEmailImmutable());
        return described;
    }

    private JsonNode object(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the body is not valid JSON");
        }
    }

    @PostMapping("/{tenantId}/tokens")
    ResponseEntity<Map<String, String>> issueToken(@PathVariable String tenantId) {
        existing(tenantId);
        Tenants.IssuedToken issued = tenants.issueToken(tenantId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("id", issued.id(), "tenantId", issued.tenantId(), "token", issued.token()));
    }

    private String tenantName(String body) {
        JsonNode name;
        try {
            name = body == null ? null : json.readTree(body).get("name");
        } catch (Exception malformed) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the body is not valid JSON");
        }
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "name is required: a string of 1 to 200 characters");
        }
        return name.asText().trim();
    }
}
