package dev.scimledger.gateway;

import dev.scimledger.messages.user.UserDeactivatedEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes that decide on the same aggregate version both try to append the same sequence number. The event
 * log's unique key refuses the second; PostgreSQL reports it as SQL state 23505, and the storage engine must turn
 * that into Axon's ConcurrencyException (which the gateway answers by deciding again), not an opaque store error.
 */
class OptimisticLockingTest extends RunningService {

    @Autowired
    EventStorageEngine storage;

    @Test
    void secondAppendOfTheSameSequenceIsAConcurrencyConflict() {
        String id = UUID.randomUUID().toString();
        storage.appendEvents(event(id, 0));
        storage.appendEvents(event(id, 1));
        assertThatThrownBy(() -> storage.appendEvents(event(id, 1))).isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void secondCreationOfTheSameAggregateIsRecognisedAsDuplicate() {
        String id = UUID.randomUUID().toString();
        storage.appendEvents(event(id, 0));
        assertThatThrownBy(() -> storage.appendEvents(event(id, 0))).isInstanceOf(AggregateStreamCreationException.class);
    }

    private static GenericDomainEventMessage<UserDeactivatedEvent> event(String id, long sequence) {
        return new GenericDomainEventMessage<>("Probe", id, sequence, new UserDeactivatedEvent("probe-tenant", id, Instant.now()));
    }
}
