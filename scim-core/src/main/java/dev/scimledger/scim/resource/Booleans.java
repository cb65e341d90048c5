package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * Booleans as clients send them: JSON {@code true}/{@code false}, or the strings {@code "True"}/{@code "False"} in any
 * case (Microsoft Entra ID sends strings: {@code "active": "False"}, {@code roles[primary eq "True"]}). One reading
 * for resources, PATCH values, PATCH value filters and search filters alike.
 */
public final class Booleans {

    private Booleans() {
    }

    /** The value as a JSON boolean when it is one or spells one; otherwise the value itself. */
    public static JsonNode coerced(JsonNode value) {
        if (value != null && value.isTextual()) {
            String text = value.textValue().trim();
            if (text.equalsIgnoreCase("true")) {
                return BooleanNode.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return BooleanNode.FALSE;
            }
        }
        return value;
    }
}
