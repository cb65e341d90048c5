package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.personal.ErasedPersons;
import dev.scimledger.messages.publishing.PublishedEventData;
import dev.scimledger.messages.publishing.PublishedEventQuery;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One event's data as the publisher publishes it, for a CloudEvent sent by reference: read through the event store
 * (so a person's personal data is decrypted, or reads as erased) and shaped by the publisher's own {@link EventRecords}.
 * Only an event of the tenant asked about is answered.
 */
@Component
class PublishedEventQueryHandler {

    private final EventRecords records;
    private final JdbcTemplate jdbc;
    private final EventStorageEngine storage;
    private final TransactionTemplate transaction;

    PublishedEventQueryHandler(KafkaPublisherProperties properties, ObjectMapper json, ErasedPersons erasedPersons,
                               JdbcTemplate jdbc, EventStorageEngine storage, PlatformTransactionManager transactions) {
        this.records = new EventRecords(properties, json, erasedPersons);
        this.jdbc = jdbc;
        this.storage = storage;
        this.transaction = new TransactionTemplate(transactions);
    }

    @QueryHandler
    PublishedEventData handle(PublishedEventQuery query) {
        PublishedEventData absent = new PublishedEventData(query.eventId(), null, null, null);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT aggregate_identifier, sequence_number FROM event_log WHERE event_identifier = ?",
                query.eventId());
        if (rows.isEmpty()) {
            return absent;
        }
        String aggregateId = (String) rows.get(0).get("aggregate_identifier");
        long sequence = ((Number) rows.get(0).get("sequence_number")).longValue();
        // the erasure check share-locks the person's key row: inside a transaction, as at publishing
        return transaction.execute(status -> {
            try (Stream<? extends DomainEventMessage<?>> events = storage.readEvents(aggregateId, sequence).asStream()) {
                return events.filter(message -> message.getIdentifier().equals(query.eventId())).findFirst()
                        .filter(message -> message.getPayload() instanceof ScimEvent event
                                && event.tenantId().equals(query.tenantId()))
                        .map(message -> {
                            ScimEvent event = (ScimEvent) message.getPayload();
                            return new PublishedEventData(query.eventId(), CloudEventFormat.type(event.getClass()),
                                    CloudEventFormat.subject(message), records.data(event));
                        })
                        .orElse(absent);
            }
        });
    }
}
