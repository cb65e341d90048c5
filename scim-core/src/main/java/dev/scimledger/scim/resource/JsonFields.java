package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimException;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/** Members of a JSON object by name in any case, as RFC 7643 §2.1 has attribute names compared. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The value of the first member named {@code name} in any case, or null. */
    public static JsonNode get(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** The value of the one member named {@code name} in any case, or null; {@code twice} when there are more. */
    public static JsonNode single(JsonNode object, String name, Supplier<ScimException> twice) {
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw twice.get();
                }
                found = field.getValue();
            }
        }
        return found;
    }
}
