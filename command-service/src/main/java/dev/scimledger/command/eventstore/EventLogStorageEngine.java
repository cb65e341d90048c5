package dev.scimledger.command.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC event storage with two changes: each appended event's MAC is made in the appending transaction, and a
 * gap in a tracking token is dropped only once no transaction that could fill it is open ({@link GapSettlement}),
 * never by the clock. Axon's own gap rules (its gap timeout, gap cleaning and maximum gap offset, which all drop gaps
 * that a slow transaction may still fill) are not used.
 */
public class EventLogStorageEngine extends JdbcEventStorageEngine {

    /** The first index the log's sequence hands out ({@code BIGSERIAL}). */
    private static final long FIRST_INDEX = 1;

    private final EventAuthentication authentication;
    private final GapSettlement gaps;

    public EventLogStorageEngine(Builder builder, EventAuthentication authentication, JdbcTemplate jdbc) {
        super(builder.gapCleaningThreshold(Integer.MAX_VALUE));
        this.authentication = authentication;
        this.gaps = new GapSettlement(jdbc, schema().domainEventTable(), schema().globalIndexColumn());
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        if (!events.isEmpty()) {
            authentication.authenticate(events.stream().map(EventMessage::getIdentifier).toList());
        }
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return super.fetchTrackedEvents(gaps.settle((GapAwareTrackingToken) lastToken), batchSize);
    }

    /** The event as Axon reads it, with a token that keeps every gap below it, however old the event. */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> read = super.getTrackedEventData(resultSet, previousToken);
        long index = resultSet.getLong(schema().globalIndexColumn());
        GapAwareTrackingToken token = previousToken == null
                ? GapAwareTrackingToken.newInstance(index, LongStream.range(Math.min(FIRST_INDEX, index), index).boxed()
                        .collect(Collectors.toCollection(TreeSet::new)))
                : previousToken.advanceTo(index, Integer.MAX_VALUE);
        return new TrackedDomainEventData<>(token, (DomainEventData<?>) read);
    }
}
