package dev.scimledger.projection.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupPage;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.SearchGroupsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers group queries from {@code scim_group}; members are read only when asked for. */
@Component
class GroupQueryHandler {

    private static final String COLUMNS = "group_id, tenant_id, version, attributes, created, last_modified, deleted";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Duration readYourWritesTimeout;

    GroupQueryHandler(JdbcTemplate jdbc, ObjectMapper json,
                      @Value("${scim.read-your-writes-timeout:PT5S}") Duration readYourWritesTimeout) {
        this.jdbc = jdbc;
        this.json = json;
        this.readYourWritesTimeout = readYourWritesTimeout;
    }

    @QueryHandler
    Optional<GroupView> handle(FindGroupQuery query) throws InterruptedException {
        long deadline = System.nanoTime() + readYourWritesTimeout.toNanos();
        while (true) {
            Optional<Row> row = jdbc.query("SELECT " + COLUMNS + " FROM scim_group WHERE group_id = ? AND tenant_id = ?",
                    this::row, query.groupId(), query.tenantId()).stream().findFirst();
            boolean caughtUp = row.map(r -> r.version >= query.minVersion()).orElse(query.minVersion() < 0);
            if (caughtUp || System.nanoTime() > deadline) {
                return row.filter(r -> !r.deleted).map(r -> view(r, query.includeMembers()));
            }
            Thread.sleep(5);
        }
    }

    @QueryHandler
    GroupPage handle(SearchGroupsQuery query) {
        GroupFilterSql.Where where = GroupFilterSql.where(query.filter());
        List<Object> params = new ArrayList<>();
        params.add(query.tenantId());
        params.addAll(where.parameters());
        String condition = "tenant_id = ? AND NOT deleted" + (where.sql().isEmpty() ? "" : " AND (" + where.sql() + ")");
        Long total = jdbc.queryForObject("SELECT count(*) FROM scim_group WHERE " + condition, Long.class, params.toArray());
        int startIndex = Math.max(1, query.startIndex());
        List<GroupView> resources = List.of();
        if (query.count() > 0) {
            params.add(query.count());
            params.add(startIndex - 1);
            resources = jdbc.query("SELECT " + COLUMNS + " FROM scim_group WHERE " + condition
                            + " ORDER BY created, group_id LIMIT ? OFFSET ?", this::row, params.toArray())
                    .stream().map(r -> view(r, query.includeMembers())).toList();
        }
        return new GroupPage(total == null ? 0 : total, startIndex, resources);
    }

    private GroupView view(Row row, boolean includeMembers) {
        List<GroupView.MemberView> members = includeMembers ? members(row.groupId) : null;
        return new GroupView(row.tenantId, row.groupId, row.version, row.attributes, members, row.created, row.lastModified);
    }

    private List<GroupView.MemberView> members(String groupId) {
        return jdbc.query("""
                SELECT m.member_id, m.member_type, COALESCE(u.display_name, u.user_name, g.display_name) AS display
                FROM scim_group_member m
                LEFT JOIN scim_user u ON m.member_type = 'User' AND u.user_id = m.member_id
                LEFT JOIN scim_group g ON m.member_type = 'Group' AND g.group_id = m.member_id
                WHERE m.group_id = ?
                ORDER BY m.member_id""",
                (rs, n) -> new GroupView.MemberView(rs.getString(1), rs.getString(2), rs.getString(3)), groupId);
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
