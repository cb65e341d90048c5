package dev.scimledger.messages.group;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Change a group by SCIM PATCH operations (RFC 7644 §3.5.2): attribute changes and member additions, removals and
 * replacements, all or nothing. {@code patchRequest} was validated by the gateway.
 */
public record PatchGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, JsonNode patchRequest,
                                Long expectedVersion, Instant at) {
}
