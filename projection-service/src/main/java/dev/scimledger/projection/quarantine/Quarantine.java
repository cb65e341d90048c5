package dev.scimledger.projection.quarantine;

import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.quarantine.QuarantineCount;
import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import dev.scimledger.messages.quarantine.QuarantineQuery;
import dev.scimledger.messages.quarantine.QuarantinedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The quarantined events ({@code quarantined_event}): what each tracking projection set aside, and why. Written in
 * the transaction of the batch that set them aside, so an event is in the quarantine exactly when the projection's
 * position has passed it without applying it.
 */
@Component
public class Quarantine {

    /** The longest reason kept: a failure's message can be long (a SQL statement, a whole record). */
    static final int MAX_REASON = 2000;

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    Quarantine(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final RowMapper<QuarantinedEvent> ROW = (rs, n) -> new QuarantinedEvent(rs.getString("processor"),
            rs.getString("event_id"), rs.getLong("global_index"), rs.getString("aggregate_id"),
            rs.getLong("sequence_number"), rs.getString("tenant_id"), rs.getString("event_type"),
            rs.getString("held_behind"), rs.getString("reason"), rs.getTimestamp("quarantined_at").toInstant(),
            rs.getInt("attempts"), rs.getTimestamp("last_attempt_at").toInstant());

    @QueryHandler
    List<QuarantinedEvent> handle(QuarantineQuery query) {
        return query.processor() == null
                ? jdbc.query("SELECT * FROM quarantined_event ORDER BY processor, global_index LIMIT ?", ROW,
                QuarantineQuery.MAX_EVENTS)
                : jdbc.query("SELECT * FROM quarantined_event WHERE processor = ? ORDER BY global_index LIMIT ?", ROW,
                query.processor(), QuarantineQuery.MAX_EVENTS);
    }

    /** Every quarantining projection, with 0 for those that hold nothing. */
    @QueryHandler
    List<QuarantineCount> handle(QuarantineCountsQuery query) {
        return QuarantiningProjections.PROCESSORS.stream().map(p -> new QuarantineCount(p, count(p))).toList();
    }

    /** How many events the projection holds. */
    long count(String processor) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM quarantined_event WHERE processor = ?", Long.class,
                processor);
        return count == null ? 0 : count;
    }

    /** The resources with an event in the projection's quarantine (usually none: one indexed look). */
    Set<String> quarantinedResources(String processor) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT aggregate_id FROM quarantined_event WHERE processor = ?", String.class, processor));
    }

    /**
     * Serialises, until the transaction ends, what is done to one resource's quarantine: holding its next event
     * behind it, and a retry taking its events out, so that no event of it is applied ahead of an earlier one.
     */
    void lock(String processor, String aggregateId) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))", processor, aggregateId);
    }

    /** The resource's first quarantined event, by log order. */
    Optional<QuarantinedEvent> first(String processor, String aggregateId) {
        return jdbc.query("""
                SELECT * FROM quarantined_event WHERE processor = ? AND aggregate_id = ?
                ORDER BY global_index LIMIT 1""", ROW, processor, aggregateId).stream().findFirst();
    }

    /** Sets an event aside: {@code heldBehind} null when it failed itself. A second time counts an attempt. */
    void add(String processor, EventMessage<?> message, String heldBehind, String reason) {
        Instant now = clock.instant();
        DomainEventMessage<?> event = (DomainEventMessage<?>) message;
        Object tenant = message.getMetaData().get(RequestMetadata.TENANT_ID);
        jdbc.update("""
                INSERT INTO quarantined_event (processor, event_id, global_index, aggregate_id, sequence_number,
                                               tenant_id, event_type, held_behind, reason, quarantined_at,
                                               last_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (processor, event_id) DO UPDATE
                SET attempts = quarantined_event.attempts + 1, reason = EXCLUDED.reason,
                    held_behind = EXCLUDED.held_behind, last_attempt_at = EXCLUDED.last_attempt_at""",
                processor, message.getIdentifier(), globalIndex(message).orElse(-1), event.getAggregateIdentifier(),
                event.getSequenceNumber(), tenant == null ? null : cut(tenant.toString(), 64),
                cut(event.getPayloadType().getSimpleName(), 255), heldBehind, cut(reason, MAX_REASON),
                Timestamp.from(now), Timestamp.from(now));
    }

    /** A retry that failed again: the event stays, with the new reason. */
    void failedAgain(String processor, String eventId, String reason) {
        jdbc.update("""
                UPDATE quarantined_event SET attempts = attempts + 1, reason = ?, last_attempt_at = ?
                WHERE processor = ? AND event_id = ?""", cut(reason, MAX_REASON), Timestamp.from(clock.instant()),
                processor, eventId);
    }

    void remove(String processor, String eventId) {
        jdbc.update("DELETE FROM quarantined_event WHERE processor = ? AND event_id = ?", processor, eventId);
    }

    /** The resources with events in the projection's quarantine, the one whose first event is earliest first. */
    List<String> resources(String processor) {
        return jdbc.queryForList("""
                SELECT aggregate_id FROM quarantined_event WHERE processor = ?
                GROUP BY aggregate_id ORDER BY min(global_index)""", String.class, processor);
    }

    private static OptionalLong globalIndex(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked) {
            TrackingToken token = tracked.trackingToken();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            if (position.isPresent()) {
                return position;
            }
            if (token instanceof GlobalSequenceTrackingToken global) {
                return OptionalLong.of(global.getGlobalIndex());
            }
        }
        return OptionalLong.empty();
    }

    static String reason(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < MAX_REASON; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static String cut(String text, int characters) {
        return text == null || text.length() <= characters ? text : text.substring(0, characters);
    }
}
