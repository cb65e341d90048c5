package dev.scimledger.gateway.audit;

import dev.scimledger.gateway.GatewayProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.scim.Causes;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.scimledger.gateway.scim.Cursors;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a tenant's audit trail ({@code audit_event}, one row per event of the log, written by the projection
 * service's audit-trail processor), for the admin API and for anything else in the gateway's process (the command
 * line): a page at a time, or all of it streamed as JSON Lines or CSV.
 *
 * <p><b>Order</b>: by {@code occurredAt}, then {@code sequenceNumber} (one command's several events share their time,
 * and a resource's own events are in the order it recorded them), then {@code eventId} (unique, so the order is
 * total). Pages are keyset pages in that order, so paging through never repeats or skips a row that was there when
 * the walk began. The trail is written a moment after the log (asynchronously), and an event lands at its own
 * occurredAt, possibly behind a cursor that has passed it: a walk or export over a range that ended a few seconds
 * ago is complete, one reaching up to now may miss the newest events.
 *
 * <p><b>No total</b>: counting a tenant's trail reads every matching row (millions), which a page must not cost;
 * {@code nextCursor} says whether there is more, and an export counts by reading.
 */
@Component
public class AuditTrailReader {

    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 1000;
    /** Rows the driver holds at once while an export streams. */
    static final int FETCH_SIZE = 1000;

    private static final String SELECT = """
            SELECT a.event_id, a.occurred_at, a.recorded_at, a.tenant_id, a.resource_type, a.resource_id,
                   a.sequence_number, a.event_type, a.token_id, k.name AS token_name, a.request_id, a.client_address,
                   a.user_agent, a.changed_attributes::text AS changed_attributes
            FROM audit_event a LEFT JOIN scim_token k ON k.id = a.token_id AND k.tenant_id = a.tenant_id
            WHERE\s""";
    private static final String ORDER = " ORDER BY a.occurred_at, a.sequence_number, a.event_id";

    private static final ObjectReader CHANGED_ATTRIBUTES = new ObjectMapper().readerFor(String[].class);

    private final JdbcTemplate jdbc;
    private final JdbcTemplate pages;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final AuditCursors cursors;

    /** One page of events, and the cursor of the next (null when this page is the last). */
    public record Page(List<AuditEvent> events, String nextCursor) {
    }

    @Autowired
    AuditTrailReader(JdbcTemplate jdbc, PlatformTransactionManager transactions, GatewayProperties properties) {
        String cursorKey = properties.cursor().key();
        Duration pageTimeout = properties.searchTimeout();
        this.jdbc = jdbc;
        this.pages = new JdbcTemplate(jdbc.getDataSource());
        this.pages.setQueryTimeout((int) Math.max(1, pageTimeout.toSeconds()));
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.cursors = new AuditCursors(Cursors.key(jdbc, cursorKey));
    }

    /** Whether the tenant exists or existed: a deleted tenant's trail stays readable. */
    public boolean tenantExists(String tenantId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenant WHERE id = ?)",
                Boolean.class, tenantId));
    }

    /**
     * A page size as a client gives it: absent is {@value #DEFAULT_COUNT}.
     *
     * @throws ScimException 400 for anything but a whole number from 1 to {@value #MAX_COUNT}
     */
    public static int count(String given) {
        if (given == null) {
            return DEFAULT_COUNT;
        }
        try {
            int count = Integer.parseInt(given.trim());
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                "count is a whole number from 1 to " + MAX_COUNT + ", not \"" + given + "\"; to read more, export");
    }

    /**
     * The {@code count} events matching {@code filter} right after the position {@code cursor} names (null or empty:
     * from the first).
     *
     * @throws ScimException 400 invalidCursor for a cursor not issued for this filter, 400 tooMany when the query
     *                       runs longer than {@code scim.search-timeout}
     */
    public Page page(AuditFilter filter, String cursor, int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "count is from 1 to " + MAX_COUNT);
        }
        Query query = query(filter, cursors.decode(filter, cursor));
        List<Object> parameters = new ArrayList<>(query.parameters());
        parameters.add(count + 1); // one more than shown: whether there is a next page
        List<AuditEvent> rows;
        try {
            rows = pages.query(query.sql() + " LIMIT ?", (rs, n) -> event(rs), parameters.toArray());
        } catch (DataAccessException failure) {
            if (timedOut(failure)) {
                throw ScimException.invalid(ScimErrorType.TOO_MANY, "the query takes longer than a page may ("
                        + pages.getQueryTimeout() + " s); narrow it (a time range, a resource, an actor or a type)"
                        + " or export");
            }
            throw failure;
        }
        if (rows.size() <= count) {
            return new Page(Collections.unmodifiableList(rows), null);
        }
        List<AuditEvent> shown = List.copyOf(rows.subList(0, count));
        return new Page(shown, cursors.encode(filter, shown.get(count - 1)));
    }

    /**
     * Writes every event matching {@code filter}, in the trail's order, to {@code out} (which stays open), one line
     * each, and returns how many. Streams: the rows come from a database cursor ({@value #FETCH_SIZE} at a time, in
     * a read-only transaction: one snapshot, however long the export takes) and go out as they come, so memory does
     * not grow with the trail. No page limit and no timeout apply.
     *
     * @throws IOException writing to {@code out} failed (e.g. the client went away); nothing is retried
     */
    public long export(AuditFilter filter, AuditExportFormat format, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        AuditExportFormat.RowWriter rows = format.open(writer);
        Query query = query(filter, null);
        long[] written = {0};
        try {
            readOnly.executeWithoutResult(status -> {
                // read in an index's order, never sort: PostgreSQL plans a statement for its whole result, and for
                // most of a large trail it would choose to read the table and sort it (seconds before the first row
                // on a million, gigabytes of temporary files on a hundred million); every filter has an index in
                // the trail's order (V104), which streams from the first row on
                streaming.execute("SET LOCAL enable_sort = off");
                streaming.query(query.sql(), (RowCallbackHandler) rs -> {
                    try {
                        rows.write(event(rs));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written[0]++;
                }, query.parameters().toArray());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        rows.finish();
        writer.flush();
        return written[0];
    }

    private record Query(String sql, List<Object> parameters) {
    }

    private static Query query(AuditFilter filter, AuditCursors.Position after) {
        StringBuilder where = new StringBuilder("a.tenant_id = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(filter.tenantId());
        if (filter.resourceId() != null) {
            where.append(" AND a.resource_id = ?");
            parameters.add(filter.resourceId());
        }
        if (filter.resourceType() != null) {
            // one of three fixed names (AuditFilter.RESOURCE_TYPES), written out so the planner can use the partial
            // index of tenant actions whatever plan it caches
            where.append(" AND a.resource_type = '").append(filter.resourceType()).append('\'');
        }
        if (filter.actor() != null) {
            where.append(" AND a.token_id = ?");
            parameters.add(filter.actor());
        }
        if (!filter.types().isEmpty()) {
            where.append(" AND a.event_type IN (").append(String.join(", ", Collections.nCopies(filter.types().size(), "?")))
                    .append(')');
            parameters.addAll(filter.types());
        }
        if (filter.from() != null) {
            where.append(" AND a.occurred_at >= ?");
            parameters.add(filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            where.append(" AND a.occurred_at < ?");
            parameters.add(filter.to().atOffset(ZoneOffset.UTC));
        }
        if (after != null) {
            where.append(" AND (a.occurred_at, a.sequence_number, a.event_id) > (?, ?, ?)");
            parameters.add(after.occurredAt().atOffset(ZoneOffset.UTC));
            parameters.add(after.sequenceNumber());
            parameters.add(after.eventId());
        }
        return new Query(SELECT + where + ORDER, parameters);
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        String tokenId = rs.getString("token_id");
        String tokenName = rs.getString("token_name");
        List<String> names;
        try {
            names = Arrays.asList(CHANGED_ATTRIBUTES.<String[]>readValue(rs.getString("changed_attributes")));
        } catch (IOException e) {
            throw new SQLException("changed_attributes of event " + rs.getString("event_id") + " is not a JSON array"
                    + " of names", e);
        }
        return new AuditEvent(rs.getString("event_id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("tenant_id"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getLong("sequence_number"),
                rs.getString("event_type"),
                tokenId == null ? null : new AuditEvent.Actor(tokenId, tokenName != null ? tokenName : tokenId),
                rs.getString("request_id"), rs.getString("client_address"), rs.getString("user_agent"), names);
    }

    /** PostgreSQL's "canceling statement due to statement timeout" (SQL state 57014). */
    private static boolean timedOut(Throwable failure) {
        return Causes.any(failure, t -> t instanceof QueryTimeoutException
                || t instanceof SQLException sql && "57014".equals(sql.getSQLState()));
    }
}
