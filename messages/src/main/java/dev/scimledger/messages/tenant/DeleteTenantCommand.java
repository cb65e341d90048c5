package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a suspended tenant (suspending first guards against deleting the wrong one). */
public record DeleteTenantCommand(@TargetAggregateIdentifier String tenantId, String actor, Instant at) {
}
