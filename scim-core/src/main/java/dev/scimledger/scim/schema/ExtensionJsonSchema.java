package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft 2020-12) of the object an extension's values make in a resource's {@code attributes}, as
 * the log's events and the published CloudEvents carry it (normalised: canonical names, values of their declared
 * types, readOnly and writeOnly attributes left out). Consumers of the events validate an extension's object
 * against it; it changes when the declaration does. Once the person is erased the whole object reads
 * {@code "[erased]"}, which the schema allows.
 */
public final class ExtensionJsonSchema {

    /** What an erased personal value reads as in an event (messages' {@code PersonalFields.ERASED}). */
    static final String ERASED = "[erased]";

    private ExtensionJsonSchema() {
    }

    /**
     * @param extension the declared extension
     * @param id        the {@code $id} to give the JSON Schema
     */
    public static ObjectNode of(Schema extension, String id) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode object = f.objectNode();
        object.put("type", "object");
        object.put("additionalProperties", false);
        ObjectNode properties = object.putObject("properties");
        for (AttributeDefinition attribute : extension.attributes()) {
            if (stored(attribute)) {
                properties.set(attribute.name(), attribute(attribute));
            }
        }
        ObjectNode schema = f.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", id);
        schema.put("title", extension.id());
        schema.put("description", (extension.description().isEmpty() ? extension.id() : extension.description())
                + ". The object under \"" + extension.id() + "\" in a resource's attributes; \"" + ERASED
                + "\" once the person it describes is erased.");
        ArrayNode anyOf = schema.putArray("anyOf");
        anyOf.add(object);
        anyOf.addObject().put("const", ERASED);
        return schema;
    }

    /** Whether values of the attribute are kept (the normaliser drops readOnly and writeOnly ones). */
    private static boolean stored(AttributeDefinition attribute) {
        return attribute.mutability() != Mutability.READ_ONLY && attribute.mutability() != Mutability.WRITE_ONLY;
    }

    private static ObjectNode attribute(AttributeDefinition attribute) {
        ObjectNode single = value(attribute);
        if (!attribute.description().isEmpty()) {
            single.put("description", attribute.description());
        }
        if (!attribute.multiValued()) {
            return single;
        }
        ObjectNode array = JsonNodeFactory.instance.objectNode();
        array.put("type", "array");
        array.set("items", single);
        return array;
    }

    private static ObjectNode value(AttributeDefinition attribute) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        switch (attribute.type()) {
            case BOOLEAN -> value.put("type", "boolean");
            case DECIMAL -> value.put("type", "number");
            case INTEGER -> value.put("type", "integer");
            case DATE_TIME -> value.put("type", "string").put("format", "date-time");
            case BINARY -> value.put("type", "string").put("contentEncoding", "base64");
            case REFERENCE -> value.put("type", "string").put("format", "uri-reference");
            case COMPLEX -> {
                value.put("type", "object");
                value.put("additionalProperties", false);
                ObjectNode properties = value.putObject("properties");
                for (AttributeDefinition sub : attribute.subAttributes()) {
                    if (stored(sub)) {
                        properties.set(sub.name(), value(sub));
                    }
                }
            }
            default -> value.put("type", "string");
        }
        return value;
    }
}
