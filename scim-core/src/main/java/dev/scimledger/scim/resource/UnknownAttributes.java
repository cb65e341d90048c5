package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.patch.PatchPath;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.Schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes and sub-attributes of a request that no schema of the resource type defines: what
 * {@link ResourceNormalizer} and the PATCH of a value object without a path leave out, named so that the caller can
 * refuse them or say that it ignored them instead of losing them in silence. Names are as the client wrote them, a
 * sub-attribute after a dot ({@code name.middle}), an extension attribute after its schema's URN
 * ({@code urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge}); an object under a URN that is no schema of
 * the resource type is named by the URN. {@code schemas} is never unknown, and neither is anything a schema defines
 * (readOnly and writeOnly attributes are known, even though they are not stored), nor is one set to null. At most {@value #MAX_NAMES} names
 * are listed, each at most {@value #MAX_NAME} characters.
 */
public final class UnknownAttributes {

    static final int MAX_NAMES = 20;
    static final int MAX_NAME = 200;

    private UnknownAttributes() {
    }

    /** The unknown attributes of a POST or PUT body (or of a bulk operation's data), in the body's order. */
    public static List<String> inResource(JsonNode body, ResourceSchema schema) {
        Set<String> unknown = new LinkedHashSet<>();
        if (body != null && body.isObject()) {
            object(body, schema, unknown);
        }
        return limited(unknown);
    }

    /**
     * The unknown attributes of PATCH operations: the keys of the value objects of operations without a path (an
     * operation with a path to an unknown attribute is already refused, 400 invalidPath).
     */
    public static List<String> inPatch(List<PatchOperation> operations, ResourceSchema schema) {
        Set<String> unknown = new LinkedHashSet<>();
        for (PatchOperation operation : operations) {
            if (operation.path() == null && operation.value() != null && operation.value().isObject()) {
                object(operation.value(), schema, unknown);
            }
        }
        return limited(unknown);
    }

    private static void object(JsonNode body, ResourceSchema schema, Set<String> unknown) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if ("schemas".equalsIgnoreCase(key) || value == null || value.isNull()) {
                continue; // an unknown attribute set to null carries nothing (Entra's older creates list such nulls)
            }
            Optional<Schema> extension = schema.extension(key);
            if (extension.isPresent()) {
                if (value != null && value.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> inner = value.fields(); inner.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = inner.next();
                        Optional<ResolvedAttribute> found = schema.resolve(extension.get().id(), e.getKey(), null);
                        if (found.isEmpty()) {
                            unknown.add(key + ":" + e.getKey());
                        } else {
                            values(found.get().target(), e.getValue(), key + ":" + e.getKey(), unknown);
                        }
                    }
                }
                continue;
            }
            Optional<ResolvedAttribute> found = resolve(key, schema);
            if (found.isEmpty()) {
                unknown.add(key);
            } else if (found.get().subAttribute() == null) {
                values(found.get().attribute(), value, key, unknown);
            }
        }
    }

    /** A key of a body, or of a PATCH value object, where a value filter may qualify it. */
    private static Optional<ResolvedAttribute> resolve(String key, ResourceSchema schema) {
        Optional<ResolvedAttribute> plain = schema.resolve(key);
        if (plain.isPresent() || key.indexOf('[') < 0) {
            return plain;
        }
        try {
            PatchPath path = PatchPath.parse(key);
            return schema.resolve(path.schemaUrn(), path.attribute(), path.subAttribute());
        } catch (ScimException notAPath) {
            return Optional.empty();
        }
    }

    /** The unknown sub-attributes of a complex attribute's value or values. */
    private static void values(AttributeDefinition attribute, JsonNode value, String label, Set<String> unknown) {
        if (!attribute.isComplex() || value == null) {
            return;
        }
        List<JsonNode> elements = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(elements::add);
        } else {
            elements.add(value);
        }
        for (JsonNode element : elements) {
            if (!element.isObject()) {
                continue;
            }
            for (Iterator<String> names = element.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (attribute.subAttribute(name).isEmpty()) {
                    unknown.add(label + "." + name);
                }
            }
        }
    }

    private static List<String> limited(Set<String> unknown) {
        return unknown.stream().limit(MAX_NAMES)
                .map(name -> name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME) + "…").toList();
    }
}
