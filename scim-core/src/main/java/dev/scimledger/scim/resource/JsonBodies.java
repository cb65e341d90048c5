package dev.scimledger.scim.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.io.IOException;

/** A request body as a SCIM JSON object, or a 400 that says why it is not one. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object with no NUL character anywhere in it. */
    public static JsonNode object(ObjectMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the request body is empty");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the request body must be a JSON object");
            }
            rejectNulCharacters(node);
            return node;
        } catch (JsonProcessingException malformed) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX,
                    "the request body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the request body could not be read");
        }
    }

    /**
     * PostgreSQL text and jsonb cannot hold U+0000; an event carrying one could never be projected. Refused at the
     * edge, before any command exists.
     */
    public static void rejectNulCharacters(JsonNode node) {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "strings may not contain the NUL character");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().indexOf('\0') >= 0) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "names may not contain the NUL character");
            }
            rejectNulCharacters(field.getValue());
        }
        if (node.isArray()) {
            node.forEach(JsonBodies::rejectNulCharacters);
        }
    }
}
