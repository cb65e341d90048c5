package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.ScimUrls;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.ListPosition;
import dev.scimledger.messages.group.GroupPage;
import dev.scimledger.messages.group.SearchGroupsQuery;
import dev.scimledger.messages.user.SearchUsersQuery;
import dev.scimledger.messages.user.UserPage;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.AttributeProjection;
import dev.scimledger.scim.search.SearchRequest;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * A search as a ListResponse, whichever way it was asked: over users ({@code GET /Users},
 * {@code POST /Users/.search}), over groups ({@code GET /Groups}, {@code POST /Groups/.search}) or over both
 * ({@code POST /.search}, RFC 7644 §3.4.3). Paged by index (RFC 7644 §3.4.2.4) or, when the request carries a
 * {@code cursor}, by cursor (RFC 9865, keyset: see {@link Cursors}). The read model decides whether the filter's
 * and sortBy's attributes are searchable (400 if not). Every resource is trimmed by {@code attributes} /
 * {@code excludedAttributes}, and a user's groups or a group's members are read only when the response shows them.
 *
 * <p>The root search lists the users, then the groups: one list in a stable order, paged as one (by index or by
 * cursor), {@code totalResults} the sum. The filter applies to each resource type on its own: a type the filter
 * cannot apply to (it names an attribute the type does not have, e.g. {@code userName} for groups) contributes no
 * resources, and only a filter no type can take is a 400. Likewise sortBy orders each type that has the attribute;
 * a type without it keeps its default order (creation), and only a sortBy no type can sort by is a 400.
 */
@Component
class ResourceSearch {

    static final String USER = "User";
    static final String GROUP = "Group";

    private final QueryGateway queries;
    private final GatewayProperties properties;
    private final Cursors cursors;

    ResourceSearch(QueryGateway queries, GatewayProperties properties, Cursors cursors) {
        this.queries = queries;
        this.properties = properties;
        this.cursors = cursors;
    }

    /** A page of one type's resources, rendered and trimmed. */
    private record Page(long total, int startIndex, List<ObjectNode> resources, ListPosition next,
                        ListPosition previous) {
    }

    /** The page asked for, within the tenant's maxResults (ServiceProviderConfig filter.maxResults). */
    private int pageSize(ScimCaller caller, SearchRequest request) {
        int max = caller.settings().maxResults();
        return request.pageSize(Math.min(properties.defaultPageSize(), max), max);
    }

    ObjectNode users(ScimCaller caller, SearchRequest request) {
        return oneType(caller, request, USER, "Users");
    }

    ObjectNode groups(ScimCaller caller, SearchRequest request) {
        return oneType(caller, request, GROUP, "Groups");
    }

    private ObjectNode oneType(ScimCaller caller, SearchRequest request, String type, String scope) {
        String tenantId = caller.tenantId();
        int size = pageSize(caller, request);
        if (!request.cursorPaging()) {
            Page page = fetch(type, caller, request, request.sortBy(), request.startIndex(), size, false, null);
            return ListResponses.of(page.total(), page.startIndex(), page.resources());
        }
        Cursors.Position start = cursors.decode(tenantId, scope, request, request.cursor(), type);
        if (!start.resourceType().equals(type)) {
            throw ScimException.invalid(ScimErrorType.INVALID_CURSOR, "the cursor is not valid for this query");
        }
        Page page = fetch(type, caller, request, request.sortBy(), 1, size, true, start.after());
        String next = page.next() == null ? null
                : cursors.encode(tenantId, scope, request, new Cursors.Position(type, page.next()));
        String previous = page.previous() == null ? null
                : cursors.encode(tenantId, scope, request, new Cursors.Position(type, page.previous()));
        return ListResponses.cursorPage(page.total(), page.resources(), next, previous);
    }

    /** {@code POST /.search}: the users, then the groups, as one list. */
    ObjectNode all(ScimCaller caller, SearchRequest request) {
        String tenantId = caller.tenantId();
        int size = pageSize(caller, request);
        RootSearch root = new RootSearch(caller, request);
        if (!request.cursorPaging()) {
            int start = request.startIndex();
            Page users = root.fetch(USER, start, size, false, null);
            long userTotal = users == null ? 0 : users.total();
            int shown = users == null ? 0 : users.resources().size();
            boolean usersDone = start - 1L + shown >= userTotal;
            Page groups = root.fetch(GROUP, (int) Math.max(1, start - userTotal), usersDone ? size - shown : 0,
                    false, null);
            root.check();
            return ListResponses.of(total(users, groups), start, resources(users, groups));
        }
        Cursors.Position position = cursors.decode(tenantId, "/", request, request.cursor(), USER);
        Page users;
        Page groups;
        Cursors.Position next;
        if (position.resourceType().equals(USER)) {
            users = root.fetch(USER, 1, size, true, position.after());
            if (users != null && users.next() != null) {
                groups = root.fetch(GROUP, 1, 0, true, null);
                next = new Cursors.Position(USER, users.next());
            } else {
                int left = size - (users == null ? 0 : users.resources().size());
                groups = root.fetch(GROUP, 1, left, true, null);
                next = groups == null || groups.total() == 0 ? null
                        : left == 0 ? new Cursors.Position(GROUP, null)
                        : groups.next() == null ? null : new Cursors.Position(GROUP, groups.next());
            }
        } else if (position.resourceType().equals(GROUP)) {
            users = root.fetch(USER, 1, 0, true, null);
            groups = root.fetch(GROUP, 1, size, true, position.after());
            next = groups == null || groups.next() == null ? null : new Cursors.Position(GROUP, groups.next());
        } else {
            throw ScimException.invalid(ScimErrorType.INVALID_CURSOR, "the cursor is not valid for this query");
        }
        root.check();
        // forwards only: a previous page would cross back from the groups into the users
        return ListResponses.cursorPage(total(users, groups), resources(users, groups),
                next == null ? null : cursors.encode(tenantId, "/", request, next), null);
    }

    private static long total(Page users, Page groups) {
        return (users == null ? 0 : users.total()) + (groups == null ? 0 : groups.total());
    }

    private static List<ObjectNode> resources(Page users, Page groups) {
        List<ObjectNode> all = new ArrayList<>();
        if (users != null) {
            all.addAll(users.resources());
        }
        if (groups != null) {
            all.addAll(groups.resources());
        }
        return all;
    }

    /**
     * The root search's per-type queries, remembering which types the filter and sortBy could not apply to, so
     * that the search is a 400 only when no type could take them.
     */
    private final class RootSearch {
        private final ScimCaller caller;
        private final SearchRequest request;
        private ScimException filterError;
        private ScimException sortError;
        private int filtered;
        private int sorted;

        RootSearch(ScimCaller caller, SearchRequest request) {
            this.caller = caller;
            this.request = request;
        }

        /** The page of one type, or null when the filter names what this type does not have. */
        Page fetch(String type, int startIndex, int count, boolean keyset, ListPosition after) {
            try {
                Page page = fetchSorted(type, startIndex, count, keyset, after);
                filtered++;
                return page;
            } catch (RuntimeException e) {
                ScimException scim = ScimException.in(e);
                if (scim == null || scim.scimType() != ScimErrorType.INVALID_FILTER) {
                    throw e;
                }
                filterError = filterError == null ? scim : filterError;
                return null;
            }
        }

        private Page fetchSorted(String type, int startIndex, int count, boolean keyset, ListPosition after) {
            if (request.sortBy() == null) {
                return ResourceSearch.this.fetch(type, caller, request, null, startIndex, count, keyset, after);
            }
            try {
                Page page = ResourceSearch.this.fetch(type, caller, request, request.sortBy(), startIndex, count,
                        keyset, after);
                sorted++;
                return page;
            } catch (RuntimeException e) {
                ScimException scim = ScimException.in(e);
                if (scim == null || scim.scimType() != ScimErrorType.INVALID_VALUE) {
                    throw e;
                }
                sortError = sortError == null ? scim : sortError;
                return ResourceSearch.this.fetch(type, caller, request, null, startIndex, count, keyset, after);
            }
        }

        /** A filter or sortBy that no resource type could take is the client's error. */
        void check() {
            if (filtered == 0 && filterError != null) {
                throw filterError;
            }
            if (request.sortBy() != null && sorted == 0 && sortError != null) {
                throw sortError;
            }
        }
    }

    /** One page of one type's resources, with what the response shows of them. */
    private Page fetch(String type, ScimCaller caller, SearchRequest request, String sortBy, int startIndex, int count,
                       boolean keyset, ListPosition after) {
        String base = ScimUrls.base(properties);
        if (USER.equals(type)) {
            AttributeProjection projection = request.projection(caller.userSchema());
            UserPage page = queries.query(new SearchUsersQuery(caller.tenantId(), request.filter(), startIndex, count, sortBy,
                    request.descending(), projection.includes("groups"), keyset, after, caller.userSchema()), UserPage.class).join();
            return new Page(page.totalResults(), page.startIndex(), page.resources().stream()
                    .map(user -> projection.apply(UserRenderer.render(user, base))).toList(), page.next(),
                    page.previous());
        }
        AttributeProjection projection = request.projection(caller.groupSchema());
        GroupPage page = queries.query(new SearchGroupsQuery(caller.tenantId(), request.filter(), startIndex, count, sortBy,
                request.descending(), projection.includes("members"), keyset, after, caller.groupSchema()), GroupPage.class).join();
        return new Page(page.totalResults(), page.startIndex(), page.resources().stream()
                .map(group -> projection.apply(GroupRenderer.render(group, base))).toList(), page.next(),
                page.previous());
    }
}
