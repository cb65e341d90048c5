package dev.scimledger.messages.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a user (SCIM DELETE). Afterwards the user accepts no command and its userName is free again. */
public record DeleteUserCommand(@TargetAggregateIdentifier String userId, String tenantId, Long expectedVersion,
                                Instant at) {
}
