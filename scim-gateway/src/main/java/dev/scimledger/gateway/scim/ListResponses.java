package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The ListResponse message of RFC 7644 §3.4.2, for query results and the discovery collections (§4). */
final class ListResponses {

    static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private ListResponses() {
    }

    /**
     * @param totalResults all matches, not just this page (§3.4.2.4)
     * @param startIndex   the 1-based index of the first resource of this page
     * @param resources    this page
     */
    static ObjectNode of(long totalResults, int startIndex, List<ObjectNode> resources) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(SCHEMA);
        body.put("totalResults", totalResults);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", resources.size());
        ArrayNode list = body.putArray("Resources");
        resources.forEach(list::add);
        return body;
    }

    /**
     * A page of a cursor-paginated query (RFC 9865): no {@code startIndex}; {@code nextCursor} unless this is the
     * last page, {@code previousCursor} unless it is the first (or the endpoint pages one way only).
     */
    static ObjectNode cursorPage(long totalResults, List<ObjectNode> resources, String nextCursor,
                                 String previousCursor) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(SCHEMA);
        body.put("totalResults", totalResults);
        body.put("itemsPerPage", resources.size());
        if (previousCursor != null) {
            body.put("previousCursor", previousCursor);
        }
        if (nextCursor != null) {
            body.put("nextCursor", nextCursor);
        }
        ArrayNode list = body.putArray("Resources");
        resources.forEach(list::add);
        return body;
    }
}
