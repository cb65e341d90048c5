package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.user.UserView;

import java.util.Iterator;
import java.util.Map;

/**
 * Turns a {@link UserView} into the SCIM representation of RFC 7643 §4.1, with {@code meta} (§3.1) and, when the
 * view carries them and there are any, the user's {@code groups} (§4.1.2: value, $ref, display, type).
 */
final class UserRenderer {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private UserRenderer() {
    }

    static String etag(long version) {
        return ETags.of(version);
    }

    static String location(String baseUrl, String userId) {
        return baseUrl + "/Users/" + userId;
    }

    /**
     * Every extension object among the attributes (kept under its URN), the enterprise one and a tenant's; the
     * attribute projection then leaves out any that is no schema of the tenant's resource type.
     */
    static void addExtensions(ArrayNode schemas, JsonNode attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().regionMatches(true, 0, "urn:", 0, 4) && field.getValue().isObject()) {
                schemas.add(field.getKey());
            }
        }
    }

    static ObjectNode render(UserView user, String baseUrl) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        ArrayNode schemas = resource.putArray("schemas").add(USER_SCHEMA);
        addExtensions(schemas, user.attributes());
        resource.put("id", user.userId());
        for (Iterator<Map.Entry<String, JsonNode>> it = user.attributes().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            resource.set(field.getKey(), field.getValue());
        }
        resource.put("active", user.active());
        if (user.groups() != null && !user.groups().isEmpty()) {
            ArrayNode groups = resource.putArray("groups");
            for (UserView.GroupRef group : user.groups()) {
                ObjectNode g = groups.addObject();
                g.put("value", group.value());
                g.put("$ref", GroupRenderer.location(baseUrl, group.value()));
                if (group.display() != null) {
                    g.put("display", group.display());
                }
                g.put("type", group.type());
            }
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.created().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", location(baseUrl, user.userId()));
        meta.put("version", etag(user.version()));
        return resource;
    }
}
