package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A console account was made, with a generated password (never in the event). */
@Revision("1")
public record ConsoleAccountCreatedEvent(String tenantId, String username, String role, String actor, Instant at) implements OperatorEvent {
}
