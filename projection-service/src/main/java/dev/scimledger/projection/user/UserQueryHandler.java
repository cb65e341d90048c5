package dev.scimledger.projection.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.user.FindUserGroupsQuery;
import dev.scimledger.messages.user.FindUserQuery;
import dev.scimledger.messages.user.SearchUsersQuery;
import dev.scimledger.messages.user.UserPage;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.projection.JsonArrays;
import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.projection.search.ListQuery;
import dev.scimledger.projection.ProjectionProperties;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers user queries from {@code scim_user}. A user's groups (RFC 7643 §4.1.2) come from the group memberships,
 * read only when asked for, and for a page of users in one query.
 */
@Component
class UserQueryHandler {

    private static final String COLUMNS = "user_id, tenant_id, version, active, attributes, created, last_modified, deleted";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    /** Searches run with a statement timeout: a filter too costly to evaluate is a 400 tooMany, not a stuck thread. */
    private final JdbcTemplate search;

    UserQueryHandler(JdbcTemplate jdbc, ObjectMapper json,
                     ProjectionProperties properties) {
        this.search = ListQuery.bounded(jdbc, properties.searchTimeout());
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<UserView> handle(FindUserQuery query) {
        if (!query.includeGroups()) {
            return jdbc.query("SELECT " + COLUMNS + " FROM scim_user WHERE user_id = ? AND tenant_id = ?",
                    this::row, query.userId(), query.tenantId()).stream().findFirst()
                    .filter(r -> !r.deleted).map(r -> r.view);
        }
        // one statement, so the user and its groups come from one snapshot
        return jdbc.query("""
                SELECT %s, (SELECT coalesce(json_agg(json_build_array(m.group_id, sg.display_name)
                                                     ORDER BY lower(sg.display_name) COLLATE "C", m.group_id), '[]')
                            FROM scim_group_member m JOIN scim_group sg ON sg.group_id = m.group_id
                            WHERE m.member_id = u.user_id AND m.tenant_id = u.tenant_id AND NOT sg.deleted) AS groups
                FROM scim_user u WHERE u.user_id = ? AND u.tenant_id = ?""".formatted(COLUMNS),
                (rs, n) -> {
                    Row r = row(rs, n);
                    return r.deleted ? null : r.view.withGroups(JsonArrays.rows(json, rs.getString("groups"),
                            "groups of user " + r.view.userId(),
                            group -> new UserView.GroupRef(group.get(0).asText(), group.get(1).asText(), "direct")));
                }, query.userId(), query.tenantId()).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @QueryHandler
    List<UserView.GroupRef> handle(FindUserGroupsQuery query) {
        Map<String, List<UserView.GroupRef>> groups = groupsOf(query.tenantId(), List.of(query.userId()));
        return List.copyOf(groups.get(query.userId()));
    }

    @QueryHandler
    UserPage handle(SearchUsersQuery query) {
        // both translate first: an unsearchable attribute is a 400 before any SQL runs
        JsonbFilterSql translation = UserTable.SEARCH.withSchema(query.schema());
        JsonbFilterSql.Where where = translation.where(query.filter());
        JsonbFilterSql.Order order = translation.order(query.sortBy(), query.descending());
        ListQuery.Result<Row> page = ListQuery.run(search,
                new ListQuery.Source("scim_user", COLUMNS, "tenant_id = ? AND NOT deleted", List.of(query.tenantId())),
                where, order, query.startIndex(), query.count(), query.keyset(), query.after(), this::row);
        List<UserView> users = page.rows().stream().map(r -> r.view).toList();
        if (query.includeGroups()) {
            users = withGroups(query.tenantId(), users);
        }
        return new UserPage(page.total(), Math.max(1, query.startIndex()), users, page.next(), page.previous());
    }

    /**
     * The users with their direct groups, read for all of them in one query (a page of users is one query for the
     * users and one for their groups, however many users it holds).
     */
    private List<UserView> withGroups(String tenantId, List<UserView> users) {
        if (users.isEmpty()) {
            return users;
        }
        Map<String, List<UserView.GroupRef>> groups = groupsOf(tenantId, users.stream().map(UserView::userId).toList());
        return users.stream().map(u -> u.withGroups(List.copyOf(groups.get(u.userId())))).toList();
    }

    private Map<String, List<UserView.GroupRef>> groupsOf(String tenantId, List<String> userIds) {
        Map<String, List<UserView.GroupRef>> groups = new HashMap<>();
        userIds.forEach(id -> groups.put(id, new ArrayList<>()));
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT m.member_id, m.group_id, sg.display_name
                    FROM scim_group_member m JOIN scim_group sg ON sg.group_id = m.group_id
                    WHERE m.member_id = ANY(?) AND m.tenant_id = ? AND NOT sg.deleted
                    ORDER BY m.member_id, lower(sg.display_name) COLLATE "C", m.group_id""");
            ps.setArray(1, con.createArrayOf("varchar", groups.keySet().toArray()));
            ps.setString(2, tenantId);
            return ps;
        }, rs -> {
            groups.get(rs.getString(1)).add(new UserView.GroupRef(rs.getString(2), rs.getString(3), "direct"));
        });
        return groups;
    }

    private record Row(UserView view, boolean deleted) {
    }

    private Row row(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
        ObjectNode attributes;
        try {
            attributes = (ObjectNode) json.readTree(rs.getString("attributes"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable attributes of user " + rs.getString("user_id"), e);
        }
        UserView view = new UserView(rs.getString("tenant_id"), rs.getString("user_id"), rs.getLong("version"),
                attributes, rs.getBoolean("active"), rs.getTimestamp("created").toInstant(),
                rs.getTimestamp("last_modified").toInstant());
        return new Row(view, rs.getBoolean("deleted"));
    }

}
