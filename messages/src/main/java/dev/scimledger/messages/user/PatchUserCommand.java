package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Change a user's attributes by SCIM PATCH operations (RFC 7644 §3.5.2). {@code patchRequest} is the request
 * body, already validated by the gateway; the aggregate applies it to its own state, all or nothing.
 */
public record PatchUserCommand(@TargetAggregateIdentifier String userId, String tenantId, JsonNode patchRequest,
                               Long expectedVersion, Instant at) {
}
