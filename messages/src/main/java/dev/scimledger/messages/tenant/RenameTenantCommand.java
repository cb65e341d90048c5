package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RenameTenantCommand(@TargetAggregateIdentifier String tenantId, String name, String actor, Instant at) {
}
