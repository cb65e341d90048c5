package dev.scimledger.command.eventstore;

import dev.scimledger.command.personaldata.PersonalAggregate;
import dev.scimledger.command.personaldata.PersonalDataKeys;
import dev.scimledger.messages.chain.StoredEvent;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
    private final TransactionManager transactionManager;
    private final PersonalDataKeys keys;

    public EventLogStorageEngine(Builder builder, TransactionManager transactionManager,
                                 EventAuthentication authentication, JdbcTemplate jdbc, PersonalDataKeys keys) {
        super(builder.gapCleaningThreshold(Integer.MAX_VALUE).transactionManager(transactionManager));
        this.keys = keys;
        this.transactionManager = transactionManager;
        this.authentication = authentication;
        this.gaps = new GapSettlement(jdbc, schema().domainEventTable(), schema().globalIndexColumn());
    }

    /**
     * Axon's snapshot, except of an erased person's aggregate: the snapshotter reads the events on its own thread and
     * may have read them, decrypted, just before the erasure committed. Checked in the snapshot's own transaction,
     * share-locking the person's key row, so an erasure either comes first (no snapshot) or waits and deletes it.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        transactionManager.executeInTransaction(() -> {
            if (snapshot.getPayload() instanceof PersonalAggregate person
                    && !keys.mayStoreSnapshot(person.tenantId(), person.personId())) {
                return;
            }
            super.storeSnapshot(snapshot, serializer);
        });
    }

    /**
     * Axon's append (the same columns, values and batch, the same handling of a duplicate sequence number), with the
     * log's index of each row returned by the insert itself, so each event's MAC is made from the row as written
     * without reading it back: one batched insert of the events and one of their MACs.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        EventSchema schema = schema();
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") "
                + "VALUES (?,?,?,?,?,?,?,?,?)";
        transactionManager.executeInTransaction(() -> {
            Connection connection = getConnection();
            try (PreparedStatement statement = connection.prepareStatement(sql, new String[]{schema.globalIndexColumn()})) {
                List<StoredEvent> rows = new ArrayList<>(events.size());
                for (EventMessage<?> message : events) {
                    DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                            : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message,
                                    message::getTimestamp); // as Axon stores an event of no aggregate
                    SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
                    SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
                    String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
                    statement.setString(1, event.getIdentifier());
                    statement.setString(2, event.getAggregateIdentifier());
                    statement.setLong(3, event.getSequenceNumber());
                    statement.setString(4, event.getType());
                    statement.setString(5, timestamp);
                    statement.setString(6, payload.getType().getName());
                    statement.setString(7, payload.getType().getRevision());
                    statement.setBytes(8, payload.getData());
                    statement.setBytes(9, metaData.getData());
                    statement.addBatch();
                    rows.add(new StoredEvent(0, event.getIdentifier(), event.getAggregateIdentifier(),
                            event.getSequenceNumber(), event.getType(), timestamp, payload.getType().getName(),
                            payload.getType().getRevision(), payload.getData(), metaData.getData()));
                }
                statement.executeBatch();
                List<StoredEvent> written = new ArrayList<>(rows.size());
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    for (StoredEvent row : rows) {
                        if (!keys.next()) {
                            throw new IllegalStateException("appended " + rows.size() + " events but got fewer indexes");
                        }
                        written.add(new StoredEvent(keys.getLong(1), row.eventId(), row.aggregateId(),
                                row.sequenceNumber(), row.type(), row.timestamp(), row.payloadType(),
                                row.payloadRevision(), row.payload(), row.metadata()));
                    }
                }
                authentication.authenticate(written);
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                JdbcUtils.closeQuietly(connection);
            }
        });
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
