package dev.scimledger.messages.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Issue a SCIM token. The gateway makes the token and sends only its SHA-256 {@code digest}, which goes to the token
 * table in the command's transaction and into no event.
 *
 * @param lifetimeDays null for the tenant's token lifetime; otherwise at most that
 */
public record IssueTokenCommand(@TargetAggregateIdentifier String tenantId, String tokenId, String name, String digest,
                                Integer lifetimeDays, String actor, Instant at) {
    @Override
    public String toString() {
        return "IssueTokenCommand[tenantId=" + tenantId + ", tokenId=" + tokenId + ", name=" + name + "]";
    }
}
