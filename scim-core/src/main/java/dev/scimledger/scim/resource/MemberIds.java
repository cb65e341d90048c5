package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The member ids of a Group's {@code members} value (RFC 7643 §4.2): an array (or one) of {@code {"value": id}}
 * objects. A bare string id is accepted too, since some clients send one (Microsoft's reference collection does).
 * {@code $ref}, {@code type} and {@code display} are ignored: the server knows what an id names.
 */
public final class MemberIds {

    /** Ids are the server's own (UUIDs); anything longer names no member. */
    public static final int MAX_ID_LENGTH = 64;

    private MemberIds() {
    }

    public static List<String> of(JsonNode value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        for (JsonNode member : value.isArray() ? value : List.of(value)) {
            JsonNode id = member.isObject() ? JsonFields.get(member, "value") : member;
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "each member needs a value: the member's id");
            }
            if (id.asText().length() > MAX_ID_LENGTH) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "no user or group has the id "
                        + id.asText().substring(0, MAX_ID_LENGTH) + "…");
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
