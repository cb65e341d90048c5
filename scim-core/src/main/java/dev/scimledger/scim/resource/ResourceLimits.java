package dev.scimledger.scim.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.util.Iterator;
import java.util.Map;

/**
 * How large a stored user or group may be, named once. RFC 7643 sets no bound; these are far above what identity
 * providers send (an Entra user is 2 to 4 KB) and low enough that every event of a resource fits a Kafka record
 * (1 MiB), a read-model row and its indexes: without them one request could write an event that a projection can
 * never apply. Checked on the resource as it would be after the change, so a PATCH that would cross one is refused
 * like a POST that does, and nothing is written.
 */
public final class ResourceLimits {

    /** The resource's attributes as JSON, members of a group aside (their count has its own limit). */
    public static final int MAX_RESOURCE_BYTES = 64 * 1024;
    /** One string value, in UTF-8. */
    public static final int MAX_VALUE_BYTES = 16 * 1024;
    /** The values of one multi-valued attribute (emails, roles, addresses, …). */
    public static final int MAX_VALUES = 1000;
    /**
     * externalId, in UTF-8: the read model indexes it with the tenant, and a PostgreSQL B-tree entry holds at most
     * 2,704 bytes (1,024 ASCII characters; fewer of another script).
     */
    public static final int MAX_EXTERNAL_ID_BYTES = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceLimits() {
    }

    /**
     * @param resourceType "User" or "Group", for the message
     * @throws ScimException 400 invalidValue naming the limit crossed
     */
    public static void check(String resourceType, JsonNode attributes) {
        JsonNode externalId = attributes.get("externalId");
        if (externalId != null && externalId.isTextual() && utf8Length(externalId.textValue()) > MAX_EXTERNAL_ID_BYTES) {
            throw invalid("externalId is " + utf8Length(externalId.textValue()) + " bytes in UTF-8; it may be at most "
                    + MAX_EXTERNAL_ID_BYTES);
        }
        walk(attributes, null);
        int size;
        try {
            size = JSON.writeValueAsBytes(attributes).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        if (size > MAX_RESOURCE_BYTES) {
            throw invalid("the " + resourceType.toLowerCase(java.util.Locale.ROOT) + " would be " + size
                    + " bytes of JSON; a resource may be at most " + MAX_RESOURCE_BYTES);
        }
    }

    private static void walk(JsonNode node, String path) {
        if (node.isTextual()) {
            int bytes = utf8Length(node.textValue());
            if (bytes > MAX_VALUE_BYTES) {
                throw invalid("a value of " + path + " is " + bytes + " bytes in UTF-8; a value may be at most "
                        + MAX_VALUE_BYTES);
            }
        } else if (node.isArray()) {
            if (node.size() > MAX_VALUES) {
                throw invalid(path + " would have " + node.size() + " values; a multi-valued attribute may have at most "
                        + MAX_VALUES);
            }
            for (JsonNode value : node) {
                walk(value, path);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), path == null ? field.getKey() : path + "." + field.getKey());
            }
        }
    }

    /** UTF-8 length without encoding: a few times faster than getBytes on every write. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }
}
