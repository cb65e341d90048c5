package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * Replace token {@code tokenId} by a new one ({@code newDigest}, made by the gateway); the old one keeps working for
 * {@code overlap} (zero to 24 hours) so the client's configuration can be changed without a failed request.
 */
public record RotateTokenCommand(@TargetAggregateIdentifier String tenantId, String tokenId, String newTokenId,
                                 String newName, String newDigest, Duration overlap, String actor, Instant at) {
    @Override
    public String toString() {
        return "RotateTokenCommand[tenantId=" + tenantId + ", tokenId=" + tokenId + ", newTokenId=" + newTokenId + "]";
    }
}
