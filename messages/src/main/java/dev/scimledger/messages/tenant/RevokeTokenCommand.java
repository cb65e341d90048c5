package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RevokeTokenCommand(@TargetAggregateIdentifier String tenantId, String tokenId, String actor, Instant at) {
}
