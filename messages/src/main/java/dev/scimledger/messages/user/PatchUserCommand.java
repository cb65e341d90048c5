package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Change a user's attributes by SCIM PATCH operations (RFC 7644 §3.5.2). {@code patchRequest} is the request
 * body, already validated by the gateway; the aggregate applies it to its own state, all or nothing.
 * {@code workEmailImmutable} is the tenant's rule (an admin may relax it; the userName rule is never relaxed).
 */
public record PatchUserCommand(@TargetAggregateIdentifier String userId, String tenantId, JsonNode patchRequest,
                               Long expectedVersion, Instant at, boolean workEmailImmutable) {

    /** With the product's default rule: the work email is immutable once provisioned. */
    public PatchUserCommand(String userId, String tenantId, JsonNode patchRequest, Long expectedVersion, Instant at) {
        this(userId, tenantId, patchRequest, expectedVersion, at, true);
    }
}
