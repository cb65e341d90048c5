package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Stop offering the tenant's schema extension {@code urn}; what was stored under it stays in the log. */
public record RemoveSchemaExtensionCommand(@TargetAggregateIdentifier String tenantId, String urn, String actor,
                                           Instant at) {
}
