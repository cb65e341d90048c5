package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A user as SCIM shows it: the answer to a user query, and the result of a user command (the state the command
 * produced). {@code version} is the sequence number of the user's latest event: the ETag.
 */
public record UserView(String tenantId, String userId, long version, ObjectNode attributes, boolean active,
                       Instant created, Instant lastModified) {
}
