package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.GroupView;

import java.util.Iterator;
import java.util.Map;

/** Turns a {@link GroupView} into the SCIM representation of RFC 7643 §4.2, with {@code meta} (§3.1). */
final class GroupRenderer {

    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private GroupRenderer() {
    }

    static String location(String baseUrl, String groupId) {
        return baseUrl + "/Groups/" + groupId;
    }

    static ObjectNode render(GroupView group, String baseUrl) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        UserRenderer.addExtensions(resource.putArray("schemas").add(GROUP_SCHEMA), group.attributes());
        resource.put("id", group.groupId());
        for (Iterator<Map.Entry<String, JsonNode>> it = group.attributes().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            resource.set(field.getKey(), field.getValue());
        }
        if (group.members() != null) {
            ArrayNode members = resource.putArray("members");
            for (GroupView.MemberView member : group.members()) {
                ObjectNode m = members.addObject();
                m.put("value", member.value());
                m.put("type", member.type());
                m.put("$ref", baseUrl + ("Group".equals(member.type()) ? "/Groups/" : "/Users/") + member.value());
                if (member.display() != null) {
                    m.put("display", member.display());
                }
            }
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", group.created().toString());
        meta.put("lastModified", group.lastModified().toString());
        meta.put("location", location(baseUrl, group.groupId()));
        meta.put("version", UserRenderer.etag(group.version()));
        return resource;
    }
}
