package dev.scimledger.projection.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.scimledger.messages.audit.AuditRecords;
import dev.scimledger.scim.Causes;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link AuditRecords} as the {@code audit_event} table that {@link AuditTrail} writes: keyset pages and streamed
 * walks, each served by an index in the trail's order (V104). Its own auto-configuration
 * ({@link AuditRecordsAutoConfiguration}), so that the jar's command line, which leaves the projections out, reads
 * the trail too.
 */
class JdbcAuditRecords implements AuditRecords {

    /** Rows the driver holds at once while a walk streams. */
    static final int FETCH_SIZE = 1000;

    private static final String SELECT = """
            SELECT a.event_id, a.occurred_at, a.recorded_at, a.tenant_id, a.resource_type, a.resource_id,
                   a.sequence_number, a.event_type, a.token_id, a.request_id, a.client_address, a.user_agent,
                   a.changed_attributes::text AS changed_attributes
            FROM audit_event a
            WHERE\s""";
    private static final String ORDER = " ORDER BY a.occurred_at, a.sequence_number, a.event_id";
    private static final String LATEST_FIRST = " ORDER BY a.occurred_at DESC, a.sequence_number DESC, a.event_id DESC";

    private static final ObjectReader CHANGED_ATTRIBUTES = new ObjectMapper().readerFor(String[].class);

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    JdbcAuditRecords(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @Override
    public List<Row> page(Criteria criteria, Position after, int limit, Duration timeout) {
        Query query = query(criteria, after, ORDER);
        List<Object> parameters = new ArrayList<>(query.parameters());
        parameters.add(limit);
        JdbcTemplate pages = new JdbcTemplate(jdbc.getDataSource());
        int seconds = (int) Math.max(1, timeout.toSeconds());
        pages.setQueryTimeout(seconds);
        try {
            return pages.query(query.sql() + " LIMIT ?", (rs, n) -> row(rs), parameters.toArray());
        } catch (DataAccessException failure) {
            if (timedOut(failure)) {
                throw ScimException.invalid(ScimErrorType.TOO_MANY, "the query takes longer than a page may ("
                        + seconds + " s); narrow it (a time range, a resource, an actor or a type) or export");
            }
            throw failure;
        }
    }

    @Override
    public List<Row> latest(Criteria criteria, int limit) {
        Query query = query(criteria, null, LATEST_FIRST);
        List<Object> parameters = new ArrayList<>(query.parameters());
        parameters.add(limit);
        // the same index, read backwards
        return jdbc.query(query.sql() + " LIMIT ?",
                (rs, n) -> row(rs), parameters.toArray());
    }

    @Override
    public long forEach(Criteria criteria, Consumer<Row> consumer) {
        Query query = query(criteria, null, ORDER);
        long[] read = {0};
        readOnly.executeWithoutResult(status -> {
            // read in an index's order, never sort: PostgreSQL plans a statement for its whole result, and for most
            // of a large trail it would choose to read the table and sort it (seconds before the first row on a
            // million, gigabytes of temporary files on a hundred million); every criterion has an index in the
            // trail's order (V104), which streams from the first row on
            streaming.execute("SET LOCAL enable_sort = off");
            streaming.query(query.sql(), (RowCallbackHandler) rs -> {
                consumer.accept(row(rs));
                read[0]++;
            }, query.parameters().toArray());
        });
        return read[0];
    }

    private record Query(String sql, List<Object> parameters) {
    }

    private static Query query(Criteria criteria, Position after, String order) {
        StringBuilder where = new StringBuilder("a.tenant_id = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(criteria.tenantId());
        if (criteria.resourceId() != null) {
            where.append(" AND a.resource_id = ?");
            parameters.add(criteria.resourceId());
        }
        if (criteria.resourceType() != null) {
            // one of three fixed names (Criteria only takes RESOURCE_TYPES), written out so that the planner can use
            // the partial index of tenant actions whatever plan it caches
            where.append(" AND a.resource_type = '").append(criteria.resourceType()).append('\'');
        }
        if (criteria.actor() != null) {
            where.append(" AND a.token_id = ?");
            parameters.add(criteria.actor());
        }
        if (!criteria.types().isEmpty()) {
            where.append(" AND a.event_type IN (")
                    .append(String.join(", ", Collections.nCopies(criteria.types().size(), "?"))).append(')');
            parameters.addAll(criteria.types());
        }
        if (criteria.from() != null) {
            where.append(" AND a.occurred_at >= ?");
            parameters.add(criteria.from().atOffset(ZoneOffset.UTC));
        }
        if (criteria.to() != null) {
            where.append(" AND a.occurred_at < ?");
            parameters.add(criteria.to().atOffset(ZoneOffset.UTC));
        }
        if (after != null) {
            where.append(" AND (a.occurred_at, a.sequence_number, a.event_id) > (?, ?, ?)");
            parameters.add(after.occurredAt().atOffset(ZoneOffset.UTC));
            parameters.add(after.sequenceNumber());
            parameters.add(after.eventId());
        }
        return new Query(SELECT + where + order, parameters);
    }

    private static Row row(ResultSet rs) throws SQLException {
        List<String> names;
        try {
            names = Arrays.asList(CHANGED_ATTRIBUTES.<String[]>readValue(rs.getString("changed_attributes")));
        } catch (IOException e) {
            throw new SQLException("changed_attributes of event " + rs.getString("event_id") + " is not a JSON array"
                    + " of names", e);
        }
        return new Row(rs.getString("event_id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("tenant_id"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getLong("sequence_number"),
                rs.getString("event_type"), rs.getString("token_id"), rs.getString("request_id"),
                rs.getString("client_address"), rs.getString("user_agent"), names);
    }

    /** PostgreSQL's "canceling statement due to statement timeout" (SQL state 57014). */
    private static boolean timedOut(Throwable failure) {
        return Causes.any(failure, t -> t instanceof QueryTimeoutException
                || t instanceof SQLException sql && "57014".equals(sql.getSQLState()));
    }
}
