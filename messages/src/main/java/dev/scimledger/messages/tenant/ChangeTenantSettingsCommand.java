package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Replace the tenant's settings with {@code settings}. */
public record ChangeTenantSettingsCommand(@TargetAggregateIdentifier String tenantId, TenantSettings settings,
                                          String actor, Instant at) {
}
