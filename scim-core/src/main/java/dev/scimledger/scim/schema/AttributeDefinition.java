package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * One attribute definition with the characteristics of RFC 7643 §2.2 and §7 ({@code name}, {@code type},
 * {@code multiValued}, {@code description}, {@code required}, {@code canonicalValues}, {@code caseExact},
 * {@code mutability}, {@code returned}, {@code uniqueness}, {@code referenceTypes}, {@code subAttributes}).
 *
 * <p>Immutable. Null lists are taken as empty; null enums take the RFC 7643 §2.2 defaults.
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        name = name == null ? "" : name;
        type = type == null ? AttributeType.STRING : type;
        description = description == null ? "" : description;
        mutability = mutability == null ? Mutability.READ_WRITE : mutability;
        returned = returned == null ? Returned.DEFAULT : returned;
        uniqueness = uniqueness == null ? Uniqueness.NONE : uniqueness;
        canonicalValues = canonicalValues == null ? List.of() : List.copyOf(canonicalValues);
        referenceTypes = referenceTypes == null ? List.of() : List.copyOf(referenceTypes);
        subAttributes = subAttributes == null ? List.of() : List.copyOf(subAttributes);
    }

    /** True for {@code type: complex}. */
    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    /** The sub-attribute with the given name, matched case-insensitively (RFC 7643 §2.1). */
    public Optional<AttributeDefinition> subAttribute(String subName) {
        if (subName == null) {
            return Optional.empty();
        }
        for (AttributeDefinition sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return Optional.of(sub);
            }
        }
        return Optional.empty();
    }

    /** This definition as an attribute object of a schema representation (RFC 7643 §7). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("name", name);
        o.put("type", type.wireName());
        o.put("multiValued", multiValued);
        o.put("description", description);
        o.put("required", required);
        if (!canonicalValues.isEmpty()) {
            ArrayNode values = o.putArray("canonicalValues");
            canonicalValues.forEach(values::add);
        }
        if (type == AttributeType.STRING || type == AttributeType.REFERENCE || type == AttributeType.BINARY) {
            o.put("caseExact", caseExact);
        }
        o.put("mutability", mutability.wireName());
        o.put("returned", returned.wireName());
        if (type != AttributeType.COMPLEX && type != AttributeType.BOOLEAN) {
            o.put("uniqueness", uniqueness.wireName());
        }
        if (!referenceTypes.isEmpty()) {
            ArrayNode refs = o.putArray("referenceTypes");
            referenceTypes.forEach(refs::add);
        }
        if (!subAttributes.isEmpty()) {
            ArrayNode subs = o.putArray("subAttributes");
            subAttributes.forEach(s -> subs.add(s.toJson()));
        }
        return o;
    }
}
