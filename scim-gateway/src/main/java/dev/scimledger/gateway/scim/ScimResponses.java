package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.resource.AttributeProjection;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/** The answers of the SCIM endpoints: {@code application/scim+json}, and a resource's ETag and Location. */
final class ScimResponses {

    private ScimResponses() {
    }

    static ResponseEntity<ObjectNode> ok(ObjectNode body) {
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    /** A user as the caller asked to see it; {@code created} adds its Location. */
    static ResponseEntity<ObjectNode> user(int status, UserView user, boolean created, AttributeProjection projection,
                                          String base) {
        return resource(status, user.version(), created ? UserRenderer.location(base, user.userId()) : null,
                projection.apply(UserRenderer.render(user, base)));
    }

    /** A group as the caller asked to see it; {@code created} adds its Location. */
    static ResponseEntity<ObjectNode> group(int status, GroupView group, boolean created, AttributeProjection projection,
                                           String base) {
        return resource(status, group.version(), created ? GroupRenderer.location(base, group.groupId()) : null,
                projection.apply(GroupRenderer.render(group, base)));
    }

    private static ResponseEntity<ObjectNode> resource(int status, long version, String location, ObjectNode body) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(ETags.of(version));
        if (location != null) {
            response.location(URI.create(location));
        }
        return response.body(body);
    }
}
