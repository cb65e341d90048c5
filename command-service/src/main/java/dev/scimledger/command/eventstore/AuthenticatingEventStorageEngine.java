package dev.scimledger.command.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.util.List;

/** Axon's JDBC event storage, which also makes each appended event's MAC in the appending transaction. */
public class AuthenticatingEventStorageEngine extends JdbcEventStorageEngine {

    private final EventAuthentication authentication;

    public AuthenticatingEventStorageEngine(Builder builder, EventAuthentication authentication) {
        super(builder);
        this.authentication = authentication;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        if (!events.isEmpty()) {
            authentication.authenticate(events.stream().map(EventMessage::getIdentifier).toList());
        }
    }
}
