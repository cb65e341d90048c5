package dev.scimledger.projection.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupPage;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.SearchGroupsQuery;
import dev.scimledger.projection.JsonArrays;
import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.projection.search.ListQuery;
import dev.scimledger.projection.ProjectionProperties;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers group queries from {@code scim_group}; members are read only when asked for (a group may have 100,000),
 * and for a page of groups in one query.
 */
@Component
class GroupQueryHandler {

    private static final String COLUMNS = "group_id, tenant_id, version, attributes, created, last_modified, deleted";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    /** Searches run with a statement timeout: a filter too costly to evaluate is a 400 tooMany, not a stuck thread. */
    private final JdbcTemplate search;

    GroupQueryHandler(JdbcTemplate jdbc, ObjectMapper json,
                     ProjectionProperties properties) {
        this.search = ListQuery.bounded(jdbc, properties.searchTimeout());
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One statement, so the group and its members are read from one snapshot: a version and a member list of two
     * different writes are never answered together.
     */
    @QueryHandler
    Optional<GroupView> handle(FindGroupQuery query) {
        if (!query.includeMembers()) {
            return jdbc.query("SELECT " + COLUMNS + " FROM scim_group WHERE group_id = ? AND tenant_id = ?",
                    this::row, query.groupId(), query.tenantId()).stream().findFirst()
                    .filter(r -> !r.deleted).map(r -> views(List.of(r), false).get(0));
        }
        return jdbc.query("""
                SELECT %s, (SELECT coalesce(json_agg(json_build_array(m.member_id, m.member_type,
                                    COALESCE(u.display_name, u.user_name, g.display_name)) ORDER BY m.member_id), '[]')
                            FROM scim_group_member m
                            LEFT JOIN scim_user u ON m.member_type = 'User' AND u.user_id = m.member_id
                            LEFT JOIN scim_group g ON m.member_type = 'Group' AND g.group_id = m.member_id
                            WHERE m.group_id = sg.group_id) AS members
                FROM scim_group sg WHERE sg.group_id = ? AND sg.tenant_id = ?""".formatted(COLUMNS),
                (rs, n) -> {
                    Row r = row(rs, n);
                    return r.deleted ? null : new GroupView(r.tenantId, r.groupId, r.version, r.attributes,
                            JsonArrays.rows(json, rs.getString("members"), "members of group " + r.groupId,
                                    member -> new GroupView.MemberView(member.get(0).asText(), member.get(1).asText(),
                                            member.get(2).isNull() ? null : member.get(2).asText())),
                            r.created, r.lastModified);
                }, query.groupId(), query.tenantId()).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @QueryHandler
    GroupPage handle(SearchGroupsQuery query) {
        // both translate first: an unsearchable attribute is a 400 before any SQL runs
        JsonbFilterSql translation = GroupTable.SEARCH.withSchema(query.schema());
        JsonbFilterSql.Where where = translation.where(query.filter());
        JsonbFilterSql.Order order = translation.order(query.sortBy(), query.descending());
        ListQuery.Result<Row> page = ListQuery.run(search,
                new ListQuery.Source("scim_group", COLUMNS, "tenant_id = ? AND NOT deleted", List.of(query.tenantId())),
                where, order, query.startIndex(), query.count(), query.keyset(), query.after(), this::row);
        return new GroupPage(page.total(), Math.max(1, query.startIndex()), views(page.rows(), query.includeMembers()),
                page.next(), page.previous());
    }

    /** The groups as views, with their members (all of the groups' members in one query) when asked for. */
    private List<GroupView> views(List<Row> rows, boolean includeMembers) {
        Map<String, List<GroupView.MemberView>> members = includeMembers ? members(rows) : Map.of();
        return rows.stream().map(r -> new GroupView(r.tenantId, r.groupId, r.version, r.attributes,
                includeMembers ? List.copyOf(members.get(r.groupId)) : null, r.created, r.lastModified)).toList();
    }

    private Map<String, List<GroupView.MemberView>> members(List<Row> rows) {
        Map<String, List<GroupView.MemberView>> members = new HashMap<>();
        rows.forEach(r -> members.put(r.groupId, new ArrayList<>()));
        if (rows.isEmpty()) {
            return members;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT m.group_id, m.member_id, m.member_type,
                           COALESCE(u.display_name, u.user_name, g.display_name) AS display
                    FROM scim_group_member m
                    LEFT JOIN scim_user u ON m.member_type = 'User' AND u.user_id = m.member_id
                    LEFT JOIN scim_group g ON m.member_type = 'Group' AND g.group_id = m.member_id
                    WHERE m.group_id = ANY(?)
                    ORDER BY m.group_id, m.member_id""");
            ps.setArray(1, con.createArrayOf("varchar", members.keySet().toArray()));
            return ps;
        }, rs -> {
            members.get(rs.getString(1)).add(new GroupView.MemberView(rs.getString(2), rs.getString(3), rs.getString(4)));
        });
        return members;
    }

    private record Row(String groupId, String tenantId, long version, ObjectNode attributes,
                       java.time.Instant created, java.time.Instant lastModified, boolean deleted) {
    }

    private Row row(ResultSet rs, int rowNum) throws SQLException {
        ObjectNode attributes;
        try {
            attributes = (ObjectNode) json.readTree(rs.getString("attributes"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable attributes of group " + rs.getString("group_id"), e);
        }
        return new Row(rs.getString("group_id"), rs.getString("tenant_id"), rs.getLong("version"), attributes,
                rs.getTimestamp("created").toInstant(), rs.getTimestamp("last_modified").toInstant(),
                rs.getBoolean("deleted"));
    }
}
