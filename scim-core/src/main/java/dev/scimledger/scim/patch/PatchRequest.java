package dev.scimledger.scim.patch;

import dev.scimledger.scim.resource.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parser of a PATCH request body, RFC 7644 §3.5.2:
 * {@code {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations":[{"op":..., "path":..., "value":...}]}}.
 *
 * <p>Decisions:
 * <ul>
 *   <li>The body must be an object whose {@code schemas} array contains {@link #PATCH_OP_URN} (compared
 *       case-insensitively), else 400 invalidSyntax.</li>
 *   <li>Member names ({@code schemas}, {@code Operations}, {@code op}, {@code path}, {@code value}) are matched
 *       case-insensitively: clients send both {@code Operations} and {@code operations}. The same member given twice
 *       in different case is 400 invalidSyntax.</li>
 *   <li>{@code Operations} must be a non-empty array of objects, else 400 invalidSyntax. An unknown {@code op}
 *       is 400 invalidSyntax; op names are case-insensitive ({@code Add}, {@code Replace}, {@code REMOVE}).</li>
 *   <li>{@code path}: absent, null or blank means "no path"; a non-string path or bad syntax is 400
 *       invalidPath. {@code remove} without path is 400 noTarget; {@code add}/{@code replace} without
 *       {@code value} is 400 invalidValue. Unknown members of an operation are ignored.</li>
 * </ul>
 */
public final class PatchRequest {

    /** The PATCH message schema URN, RFC 7644 §3.5.2. */
    public static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private PatchRequest() {
    }

    /**
     * Parses and validates the operations of a PATCH body.
     *
     * @return the operations in request order, never empty
     * @throws ScimException 400 invalidSyntax, invalidPath, invalidValue or noTarget as described above
     */
    public static List<PatchOperation> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw PatchErrors.invalidSyntax("The PATCH request body must be a JSON object");
        }
        JsonNode schemas = member(body, "schemas", "the request");
        if (schemas == null || !schemas.isArray() || !containsPatchOp(schemas)) {
            throw PatchErrors.invalidSyntax("The PATCH request must have \"schemas\": [\"" + PATCH_OP_URN + "\"]");
        }
        JsonNode operations = member(body, "Operations", "the request");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw PatchErrors.invalidSyntax("The PATCH request must have a non-empty \"Operations\" array");
        }
        List<PatchOperation> result = new ArrayList<>(operations.size());
        int index = 0;
        for (JsonNode operation : operations) {
            result.add(operation(operation, index++));
        }
        return List.copyOf(result);
    }

    private static PatchOperation operation(JsonNode node, int index) {
        String where = "Operations[" + index + "]";
        if (!node.isObject()) {
            throw PatchErrors.invalidSyntax(where + " must be a JSON object");
        }
        JsonNode opNode = member(node, "op", where);
        if (opNode == null || !opNode.isTextual()) {
            throw PatchErrors.invalidSyntax(where + " needs an \"op\" of add, replace or remove");
        }
        PatchOperation.Op op = PatchOperation.Op.fromWireName(opNode.textValue().strip()).orElseThrow(() ->
                PatchErrors.invalidSyntax(where + " has unknown op '" + PatchErrors.excerpt(opNode.textValue())
                        + "' (expected add, replace or remove)"));
        JsonNode pathNode = member(node, "path", where);
        PatchPath path = null;
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual()) {
                throw PatchErrors.invalidPath(where + " has a non-string \"path\"");
            }
            if (!pathNode.textValue().isBlank()) {
                path = PatchPath.parse(pathNode.textValue());
            }
        }
        JsonNode value = member(node, "value", where);
        try {
            return new PatchOperation(op, path, value);
        } catch (ScimException e) {
            throw e.withDetail(where + ": " + e.detail());
        }
    }

    private static boolean containsPatchOp(JsonNode schemas) {
        for (JsonNode s : schemas) {
            if (s.isTextual() && s.textValue().strip().equalsIgnoreCase(PATCH_OP_URN)) {
                return true;
            }
        }
        return false;
    }

    /** The member with the given name, matched case-insensitively; null if absent. */
    private static JsonNode member(JsonNode object, String name, String where) {
        return JsonFields.single(object, name,
                () -> PatchErrors.invalidSyntax(where + " has \"" + name + "\" more than once"));
    }
}
