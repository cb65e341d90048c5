package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record SuspendTenantCommand(@TargetAggregateIdentifier String tenantId, String reason, String actor, Instant at) {
}
