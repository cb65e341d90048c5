package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A disabled console account may sign in again. */
@Revision("1")
public record ConsoleAccountEnabledEvent(String tenantId, String username, String actor, Instant at) implements OperatorEvent {
}
