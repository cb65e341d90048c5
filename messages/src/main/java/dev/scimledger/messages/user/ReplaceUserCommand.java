package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Replace a user's attributes (SCIM PUT). {@code active} is null when the request did not say.
 * {@code expectedVersion} is null unless the client sent {@code If-Match}.
 */
public record ReplaceUserCommand(@TargetAggregateIdentifier String userId, String tenantId, ObjectNode attributes,
                                 Boolean active, Long expectedVersion, Instant at) {
}
