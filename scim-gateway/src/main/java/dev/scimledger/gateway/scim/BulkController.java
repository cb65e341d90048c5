package dev.scimledger.gateway.scim;

import dev.scimledger.scim.resource.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.provisioning.GroupProvisioning;
import dev.scimledger.gateway.provisioning.IgnoredAttributes;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.provisioning.UserProvisioning;
import dev.scimledger.gateway.access.BulkOperationAdmission;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.JsonBodies;
import dev.scimledger.scim.resource.MemberIds;
import org.springframework.beans.factory.annotation.Value;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 7644 §3.7 Bulk: each operation goes to the service the single request it stands for goes to (same validation,
 * commands and errors), in request order, except that an operation waits for the operations whose {@code bulkId}
 * it references. Operations are independent: each is its own command and transaction. Stops after
 * {@code failOnErrors} errors; more than the tenant's {@code maxBulkOperations} operations is a 413.
 */
@RestController
@RequestMapping("${scim.base-path:/api/service/scim}/Bulk")
class BulkController {

    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    private static final Pattern BULK_ID_REFERENCE = Pattern.compile("bulkId:([^/\"\\s]+)");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final UserProvisioning users;
    private final GroupProvisioning groups;
    private final BulkOperationAdmission admission;
    private final GatewayProperties properties;
    private final ObjectMapper json;

    BulkController(UserProvisioning users, GroupProvisioning groups, BulkOperationAdmission admission,
                   GatewayProperties properties, ObjectMapper json) {
        this.admission = admission;
        this.users = users;
        this.groups = groups;
        this.properties = properties;
        this.json = json;
    }

    private record Operation(int index, String method, String bulkId, String version, String path, JsonNode data,
                             Set<String> references) {
    }

    @PostMapping
    ResponseEntity<ObjectNode> bulk(@RequestBody(required = false) byte[] body, ScimCaller caller,
                                    RequestOrigin origin, HttpServletRequest request) {
        JsonNode bulk = JsonBodies.object(json, body);
        JsonNode schemas = JsonFields.get(bulk, "schemas");
        if (schemas == null || !schemas.isArray() || !schemas.toString().contains(BULK_REQUEST)) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "schemas must contain " + BULK_REQUEST);
        }
        JsonNode operations = JsonFields.get(bulk, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "Operations must be a non-empty array");
        }
        int maxOperations = caller.settings().maxBulkOperations();
        if (operations.size() > maxOperations) {
            throw ScimException.tooMany("a bulk request may hold at most " + maxOperations + " operations; this one has " + operations.size());
        }
        int failOnErrors = failOnErrors(JsonFields.get(bulk, "failOnErrors"));
        List<Operation> parsed = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operation(i, operations.get(i));
            if (operation.bulkId() != null && !declared.add(operation.bulkId())) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "bulkId " + operation.bulkId() + " is used twice");
            }
            parsed.add(operation);
        }

        String base = ScimUrls.base(properties);
        Map<String, String> createdIds = new HashMap<>();
        ObjectNode[] results = new ObjectNode[parsed.size()];
        List<Operation> pending = new ArrayList<>(parsed);
        int errors = 0;
        int executed = 0;
        boolean progress = true;
        IgnoredAttributes ignored = new IgnoredAttributes(); // what every operation left out, in one header
        while (!pending.isEmpty() && progress && errors < failOnErrors) {
            progress = false;
            for (Iterator<Operation> it = pending.iterator(); it.hasNext() && errors < failOnErrors; ) {
                Operation operation = it.next();
                Set<String> missing = new LinkedHashSet<>(operation.references());
                missing.removeAll(createdIds.keySet());
                if (!missing.isEmpty() && declared.containsAll(missing)) {
                    boolean waitable = missing.stream().noneMatch(id -> failedBulkId(parsed, results, id));
                    if (waitable) {
                        continue; // an operation it references has not run yet
                    }
                }
                it.remove();
                progress = true;
                // the request itself passed the bearer filter as the first operation; each further one is admitted
                Runnable admit = executed++ == 0 ? () -> { } : () -> admission.admit(request, caller);
                results[operation.index()] = missing.isEmpty()
                        ? execute(operation, createdIds, caller, origin, base, admit, ignored)
                        : failure(operation, 409, ScimErrorType.INVALID_VALUE,
                        "bulkId " + String.join(", ", missing) + " names no operation that succeeded");
                if (results[operation.index()].path("status").asInt() >= 400) {
                    errors++;
                }
            }
        }
        for (Operation operation : pending) {
            if (errors >= failOnErrors) {
                break;
            }
            results[operation.index()] = failure(operation, 409, ScimErrorType.INVALID_VALUE,
                    "circular bulkId references: " + String.join(", ", operation.references()));
            errors++;
        }

        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.putArray("schemas").add(BULK_RESPONSE);
        ArrayNode out = answer.putArray("Operations");
        for (ObjectNode result : results) {
            if (result != null) {
                out.add(result);
            }
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON);
        if (!ignored.names().isEmpty()) {
            ok.header(ScimResponses.IGNORED_ATTRIBUTES, ScimResponses.header(ignored.names()));
        }
        return ok.body(answer);
    }

    private static boolean failedBulkId(List<Operation> operations, ObjectNode[] results, String bulkId) {
        for (Operation operation : operations) {
            if (bulkId.equals(operation.bulkId())) {
                ObjectNode result = results[operation.index()];
                return result != null && result.path("status").asInt() >= 400;
            }
        }
        return false;
    }

    /** What an operation did: its status, the resource it touched and the version it left (null after a delete). */
    private record Outcome(int status, String location, String id, Long version) {
    }

    private ObjectNode execute(Operation operation, Map<String, String> createdIds, ScimCaller caller,
                               RequestOrigin origin, String base, Runnable admit, IgnoredAttributes ignored) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("method", operation.method());
        if (operation.bulkId() != null) {
            result.put("bulkId", operation.bulkId());
        }
        IgnoredAttributes leftOut = new IgnoredAttributes();
        try {
            admit.run();
            Outcome outcome = apply(operation.method(), resolve(operation.path(), createdIds),
                    operation.data() == null ? null : resolve(operation.data(), createdIds),
                    operation.version(), caller, origin, base, leftOut);
            ignored.addAll(leftOut); // only an operation that was applied left anything out
            result.put("location", outcome.location());
            if (outcome.version() != null) {
                result.put("version", ETags.of(outcome.version()));
            }
            result.put("status", String.valueOf(outcome.status()));
            if ("POST".equals(operation.method()) && operation.bulkId() != null) {
                createdIds.put(operation.bulkId(), outcome.id());
            }
        } catch (RuntimeException failure) {
            // the same error the single request would answer
            ResponseEntity<ObjectNode> error = ScimErrors.render(failure);
            result.put("status", String.valueOf(error.getStatusCode().value()));
            result.set("response", error.getBody());
        }
        return result;
    }

    /** The operation as the single request it stands for: the same service, rules and answers. */
    private Outcome apply(String method, String path, JsonNode data, String version, ScimCaller caller,
                          RequestOrigin origin, String base, IgnoredAttributes ignored) {
        boolean users = path.regionMatches(true, 0, "/Users", 0, "/Users".length());
        String id = method.equals("POST") ? null : resourceId(path.substring(path.indexOf('/', 1) + 1));
        Long ifMatch = ETags.ifMatchVersion(version);
        if (users) {
            return switch (method) {
                case "POST" -> user(201, this.users.create(caller, origin, data, false, ignored), base);
                case "PUT" -> user(200, this.users.replace(caller, origin, id, data, ifMatch, false, ignored), base);
                case "PATCH" -> user(200, this.users.patch(caller, origin, id, data, ifMatch, false, ignored), base);
                default -> {
                    this.users.delete(caller, origin, id, ifMatch);
                    yield new Outcome(204, UserRenderer.location(base, id), id, null);
                }
            };
        }
        return switch (method) {
            case "POST" -> group(201, groups.create(caller, origin, data, false, ignored), base);
            case "PUT" -> group(200, groups.replace(caller, origin, id, data, ifMatch, false, ignored), base);
            case "PATCH" -> group(204, groups.patch(caller, origin, id, data, ifMatch, ignored), base);
            default -> {
                groups.delete(caller, origin, id, ifMatch);
                yield new Outcome(204, GroupRenderer.location(base, id), id, null);
            }
        };
    }

    /** The id in an operation's path, percent-decoded as a URL's would be; a malformed escape names no resource. */
    private static String resourceId(String segment) {
        try {
            return UriUtils.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    private static Outcome user(int status, UserView user, String base) {
        return new Outcome(status, UserRenderer.location(base, user.userId()), user.userId(), user.version());
    }

    private static Outcome group(int status, GroupView group, String base) {
        return new Outcome(status, GroupRenderer.location(base, group.groupId()), group.groupId(), group.version());
    }

    private static ObjectNode failure(Operation operation, int status, ScimErrorType type, String detail) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("method", operation.method());
        if (operation.bulkId() != null) {
            result.put("bulkId", operation.bulkId());
        }
        result.put("status", String.valueOf(status));
        result.set("response", ScimErrors.body(status, type, detail));
        return result;
    }

    private Operation operation(int index, JsonNode node) {
        if (!node.isObject()) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "operation " + (index + 1) + " is not an object");
        }
        String method = text(node, "method", index).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX,
                    "operation " + (index + 1) + ": method must be POST, PUT, PATCH or DELETE");
        }
        String path = text(node, "path", index);
        String lower = path.toLowerCase(Locale.ROOT);
        boolean collection = lower.equals("/users") || lower.equals("/groups");
        boolean resource = lower.matches("/(users|groups)/[^/]+");
        if (method.equals("POST") ? !collection : !resource) {
            throw ScimException.invalid(ScimErrorType.INVALID_PATH, "operation " + (index + 1) + ": " + method
                    + " needs a path like " + (method.equals("POST") ? "/Users or /Groups" : "/Users/{id} or /Groups/{id}"));
        }
        JsonNode bulkIdNode = JsonFields.get(node, "bulkId");
        String bulkId = bulkIdNode == null || bulkIdNode.isNull() ? null : bulkIdNode.asText();
        if (method.equals("POST") && (bulkId == null || bulkId.isBlank())) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "operation " + (index + 1) + ": POST needs a bulkId");
        }
        JsonNode data = JsonFields.get(node, "data");
        if (!method.equals("DELETE") && (data == null || !data.isObject())) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "operation " + (index + 1) + ": " + method
                    + " needs data: the resource or PATCH request");
        }
        JsonNode version = JsonFields.get(node, "version");
        Set<String> references = new LinkedHashSet<>();
        collectReferences(path, references);
        if (data != null) {
            collectReferences(data, references);
        }
        return new Operation(index, method, bulkId, version == null || version.isNull() ? null : version.asText(), path,
                method.equals("DELETE") ? null : data, references);
    }

    private static String text(JsonNode node, String name, int index) {
        JsonNode value = JsonFields.get(node, name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "operation " + (index + 1) + " needs a " + name);
        }
        return value.asText();
    }

    private static int failOnErrors(JsonNode value) {
        if (value == null || value.isNull()) {
            return Integer.MAX_VALUE;
        }
        if (!value.canConvertToInt() || value.asInt() < 1) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "failOnErrors must be a positive integer");
        }
        return value.asInt();
    }

    private static void collectReferences(String text, Set<String> references) {
        Matcher matcher = BULK_ID_REFERENCE.matcher(text);
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
    }

    private static void collectReferences(JsonNode node, Set<String> references) {
        if (node.isTextual()) {
            collectReferences(node.asText(), references);
        }
        node.forEach(child -> collectReferences(child, references));
    }

    private static String resolve(String text, Map<String, String> createdIds) {
        Matcher matcher = BULK_ID_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(createdIds.getOrDefault(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static JsonNode resolve(JsonNode node, Map<String, String> createdIds) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolve(node.asText(), createdIds));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(resolve(child, createdIds)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), resolve(field.getValue(), createdIds)));
            return copy;
        }
        return node;
    }
}
