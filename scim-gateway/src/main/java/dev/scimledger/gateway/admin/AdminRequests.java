package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.Instants;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.JsonBodies;

import java.time.Instant;

/** What the admin API's endpoints and the command line read from their callers, or a 400 saying why not. */
final class AdminRequests {

    private AdminRequests() {
    }

    /** The body as a JSON object; anything else is a 400. */
    static JsonNode object(ObjectMapper json, String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the body must be a JSON object");
            }
            // a NUL could never be projected (PostgreSQL text cannot hold it): refused like in a SCIM body
            JsonBodies.rejectNulCharacters(node);
            return node;
        } catch (JsonProcessingException malformed) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the body is not valid JSON");
        }
    }

    /** An ISO-8601 instant named {@code name}; anything else is a 400. */
    static Instant instant(String name, String value) {
        return Instants.required(name, value);
    }
}
