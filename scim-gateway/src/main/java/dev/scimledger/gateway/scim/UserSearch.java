package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.messages.user.SearchUsersQuery;
import dev.scimledger.messages.user.UserPage;
import dev.scimledger.scim.resource.AttributeProjection;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.search.SearchRequest;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A search over a tenant's users as a ListResponse, whichever way it was asked: {@code GET /Users},
 * {@code POST /Users/.search} or {@code POST /.search}. The read model decides whether the filter's and sortBy's
 * attributes are searchable (400 if not).
 */
@Component
class UserSearch {

    private final QueryGateway queries;
    private final GatewayProperties properties;

    UserSearch(QueryGateway queries, GatewayProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    ObjectNode search(String tenantId, SearchRequest request) {
        int size = request.pageSize(properties.defaultPageSize(), properties.maxResults());
        UserPage page = queries.query(new SearchUsersQuery(tenantId, request.filter(), request.startIndex(), size,
                request.sortBy(), request.descending()), UserPage.class).join();
        AttributeProjection projection = request.projection(ResourceSchema.USER);
        String base = ScimUrls.base(properties);
        List<ObjectNode> resources = page.resources().stream()
                .map(user -> projection.apply(UserRenderer.render(user, base)))
                .toList();
        return ListResponses.of(page.totalResults(), page.startIndex(), resources);
    }
}
