package dev.scimledger.projection.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.user.FindUserQuery;
import dev.scimledger.messages.user.SearchUsersQuery;
import dev.scimledger.messages.user.UserPage;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.projection.search.JsonbFilterSql;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers user queries from {@code scim_user}. */
@Component
class UserQueryHandler {

    private static final String COLUMNS = "user_id, tenant_id, version, active, attributes, created, last_modified, deleted";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Duration readYourWritesTimeout;

    UserQueryHandler(JdbcTemplate jdbc, ObjectMapper json,
                     @Value("${scim.read-your-writes-timeout:PT5S}") Duration readYourWritesTimeout) {
        this.jdbc = jdbc;
        this.json = json;
        this.readYourWritesTimeout = readYourWritesTimeout;
    }

    @QueryHandler
    Optional<UserView> handle(FindUserQuery query) throws InterruptedException {
        long deadline = System.nanoTime() + readYourWritesTimeout.toNanos();
        while (true) {
            Optional<Row> row = jdbc.query("SELECT " + COLUMNS + " FROM scim_user WHERE user_id = ? AND tenant_id = ?",
                    this::row, query.userId(), query.tenantId()).stream().findFirst();
            boolean caughtUp = row.map(r -> r.view.version() >= query.minVersion()).orElse(query.minVersion() < 0);
            if (caughtUp || System.nanoTime() > deadline) {
                return row.filter(r -> !r.deleted).map(r -> r.view);
            }
            Thread.sleep(5);
        }
    }

    @QueryHandler
    UserPage handle(SearchUsersQuery query) {
        // both translate first: an unsearchable attribute is a 400 before any SQL runs
        JsonbFilterSql.Where where = UserTable.SEARCH.where(query.filter());
        String orderBy = UserTable.SEARCH.orderBy(query.sortBy(), query.descending());
        List<Object> params = new ArrayList<>();
        params.add(query.tenantId());
        params.addAll(where.parameters());
        String condition = "tenant_id = ? AND NOT deleted AND (" + where.sql() + ")";
        Long total = jdbc.queryForObject("SELECT count(*) FROM scim_user WHERE " + condition, Long.class, params.toArray());
        int startIndex = Math.max(1, query.startIndex());
        List<UserView> resources = List.of();
        if (query.count() > 0 && total != null && total >= startIndex) {
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(query.count());
            pageParams.add(startIndex - 1);
            resources = jdbc.query("SELECT " + COLUMNS + " FROM scim_user WHERE " + condition
                            + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?",
                    this::row, pageParams.toArray()).stream().map(r -> r.view).toList();
        }
        return new UserPage(total == null ? 0 : total, startIndex, resources);
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
