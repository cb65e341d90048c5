package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record ResumeTenantCommand(@TargetAggregateIdentifier String tenantId, String actor, Instant at) {
}
