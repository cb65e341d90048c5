package dev.scimledger.messages.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a group; it leaves the groups it was a member of, and its displayName is free again. */
public record DeleteGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, Long expectedVersion,
                                 Instant at) {
}
