package dev.scimledger.messages.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Erase a deleted user's personal data: its key is deleted, so the personal data its events hold in the log can no
 * longer be read, while the events themselves (and the chain over them) stay as recorded.
 *
 * @param actor who erases: "admin-api" or "cli:&lt;os user&gt;"
 */
public record EraseUserCommand(@TargetAggregateIdentifier String userId, String tenantId, String actor, Instant at) {
}
