package dev.scimledger.gateway.audit;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.scim.Cursors;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.audit.AuditRecords;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenant's audit trail (one row per event of the log, written by the projection service's audit-trail
 * processor, which owns it and answers through {@link AuditRecords}), for the admin API and for anything else in the gateway's process (the command
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

    private final AuditRecords records;
    private final Tenants tenants;
    private final Duration pageTimeout;
    private final AuditCursors cursors;

    /** One page of events, and the cursor of the next (null when this page is the last). */
    public record Page(List<AuditEvent> events, String nextCursor) {
    }

    @Autowired
    AuditTrailReader(AuditRecords records, Tenants tenants, JdbcTemplate jdbc, GatewayProperties properties) {
        this.records = records;
        this.tenants = tenants;
        this.pageTimeout = properties.searchTimeout();
        this.cursors = new AuditCursors(Cursors.key(jdbc, properties.cursor().key()));
    }

    /**
     * Whether the tenant has a trail: one that exists or existed (a deleted tenant's trail stays readable), or the
     * operators' own ({@link OperatorEvent#TENANT}).
     */
    public boolean tenantExists(String tenantId) {
        return OperatorEvent.TENANT.equals(tenantId) || tenants.existed(tenantId);
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
        // one more than shown: whether there is a next page
        List<AuditRecords.Row> rows = records.page(filter.criteria(), cursors.decode(filter, cursor), count + 1,
                pageTimeout);
        Actors actors = new Actors(filter.tenantId());
        List<AuditEvent> shown = rows.stream().limit(count).map(actors::event).toList();
        if (rows.size() <= count) {
            return new Page(Collections.unmodifiableList(shown), null);
        }
        return new Page(shown, cursors.encode(filter, shown.get(count - 1)));
    }

    /** The last {@code count} (at most {@value #MAX_COUNT}) events matching {@code filter}, the latest first. */
    public List<AuditEvent> latest(AuditFilter filter, int count) {
        Actors actors = new Actors(filter.tenantId());
        return records.latest(filter.criteria(), Math.min(Math.max(count, 1), MAX_COUNT)).stream().map(actors::event)
                .toList();
    }

    /**
     * Writes every event matching {@code filter}, in the trail's order, to {@code out} (which stays open), one line
     * each, and returns how many. Streams: the rows come from a database cursor in a read-only transaction (one
     * snapshot, however long the export takes) and go out as they come, so memory does not grow with the trail. No
     * page limit and no timeout apply.
     *
     * @throws IOException writing to {@code out} failed (e.g. the client went away); nothing is retried
     */
    public long export(AuditFilter filter, AuditExportFormat format, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        AuditExportFormat.RowWriter rows = format.open(writer);
        Actors actors = new Actors(filter.tenantId());
        long written;
        try {
            written = records.forEach(filter.criteria(), row -> {
                try {
                    rows.write(actors.event(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        rows.finish();
        writer.flush();
        return written;
    }

    /**
     * Names each row's actor: a token of the tenant by its name, read once per page or export (a tenant has a
     * handful of tokens), anything else (an admin actor) by itself.
     */
    private final class Actors {

        private final Map<String, String> tokenNames = new HashMap<>();

        Actors(String tenantId) {
            tenants.tokens(tenantId).forEach(token -> tokenNames.put(token.id(), token.name()));
        }

        AuditEvent event(AuditRecords.Row row) {
            String tokenId = row.tokenId();
            return new AuditEvent(row.eventId(), row.occurredAt(), row.recordedAt(), row.tenantId(),
                    row.resourceType(), row.resourceId(), row.sequenceNumber(), row.eventType(),
                    tokenId == null ? null : new AuditEvent.Actor(tokenId, tokenNames.getOrDefault(tokenId, tokenId)),
                    row.requestId(), row.clientAddress(), row.userAgent(), row.changedAttributes());
        }
    }
}
