package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Bring a tenant that was created before tenants were event-sourced into the log, with the tokens it has, so that
 * every later admin action on it is decided by its aggregate like any other tenant's.
 */
public record RecordExistingTenantCommand(@TargetAggregateIdentifier String tenantId, String name,
                                          TenantSettings settings, Instant createdAt, List<ExistingToken> tokens) {

    public record ExistingToken(String tokenId, String name, Instant createdAt, Instant expiresAt) {
    }
}
