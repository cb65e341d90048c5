package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.provisioning.IgnoredAttributes;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.resource.AttributeProjection;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The answers of the SCIM endpoints: {@code application/scim+json}, and a resource's ETag and Location. */
final class ScimResponses {

    private ScimResponses() {
    }

    static ResponseEntity<ObjectNode> ok(ObjectNode body) {
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(body);
    }

    static final String IGNORED_ATTRIBUTES = IgnoredAttributes.HEADER;

    /**
     * A user as the caller asked to see it, with its ETag and its Location (on every answer that carries the resource,
     * as RFC 7644's examples of GET, PUT and PATCH show, not only on a create's).
     */
    static ResponseEntity<ObjectNode> user(int status, UserView user, AttributeProjection projection, String base) {
        return resource(status, user.version(), UserRenderer.location(base, user.userId()),
                projection.apply(UserRenderer.render(user, base)), null);
    }

    static ResponseEntity<ObjectNode> user(int status, UserView user, AttributeProjection projection, String base,
                                          IgnoredAttributes ignored) {
        return resource(status, user.version(), UserRenderer.location(base, user.userId()),
                projection.apply(UserRenderer.render(user, base)), ignored);
    }

    /** A group as the caller asked to see it, with its ETag and its Location. */
    static ResponseEntity<ObjectNode> group(int status, GroupView group, AttributeProjection projection, String base,
                                           IgnoredAttributes ignored) {
        return resource(status, group.version(), GroupRenderer.location(base, group.groupId()),
                projection.apply(GroupRenderer.render(group, base)), ignored);
    }

    /** A write answered without a body (a group's PATCH): its ETag, and what it left out, if anything. */
    static ResponseEntity<Void> noContent(long version, IgnoredAttributes ignored) {
        ResponseEntity.HeadersBuilder<?> response = ResponseEntity.noContent().eTag(ETags.of(version));
        if (!ignored.names().isEmpty()) {
            response.header(IGNORED_ATTRIBUTES, header(ignored.names()));
        }
        return response.build();
    }

    private static ResponseEntity<ObjectNode> resource(int status, long version, String location, ObjectNode body,
                                                       IgnoredAttributes ignored) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(ScimErrors.SCIM_JSON)
                .eTag(ETags.of(version)).location(URI.create(location));
        if (ignored != null && !ignored.names().isEmpty()) {
            response.header(IGNORED_ATTRIBUTES, header(ignored.names()));
        }
        return response.body(body);
    }

    /** Names as a header value: a client may name an attribute anything, a header may hold printable ASCII only. */
    static String header(List<String> names) {
        StringBuilder value = new StringBuilder();
        for (String name : names) {
            if (!value.isEmpty()) {
                value.append(", ");
            }
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c > 0x20 && c < 0x7f && c != '%' && c != ',') {
                    value.append((char) c);
                } else {
                    value.append('%').append(String.format("%02X", c));
                }
            }
        }
        return value.toString();
    }
}
