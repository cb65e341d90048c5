package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * A schema definition (RFC 7643 §7): its URN {@code id}, {@code name}, {@code description} and top-level
 * attributes. Immutable. See {@link StandardSchemas} for the RFC 7643 §8.7.1 definitions.
 */
public record Schema(String id, String name, String description, List<AttributeDefinition> attributes) {

    public Schema {
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    /** The top-level attribute with the given name, matched case-insensitively (RFC 7643 §2.1). */
    public Optional<AttributeDefinition> attribute(String attributeName) {
        if (attributeName == null) {
            return Optional.empty();
        }
        for (AttributeDefinition a : attributes) {
            if (a.name().equalsIgnoreCase(attributeName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * This schema as a resource of the {@code /Schemas} endpoint (RFC 7644 §4, RFC 7643 §7), without
     * {@code meta}, which the caller adds since it knows the base URL.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        o.put("id", id);
        o.put("name", name);
        o.put("description", description);
        ArrayNode attrs = o.putArray("attributes");
        attributes.forEach(a -> attrs.add(a.toJson()));
        return o;
    }
}
