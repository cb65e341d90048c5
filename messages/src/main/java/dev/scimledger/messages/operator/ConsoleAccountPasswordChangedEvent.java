package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A console account's password was changed by its holder, or reset by an admin (the actor says which). */
@Revision("1")
public record ConsoleAccountPasswordChangedEvent(String tenantId, String username, String actor, Instant at) implements OperatorEvent {
}
