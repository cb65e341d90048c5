package dev.scimledger.messages.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Declare a schema extension for the tenant's {@code resourceType} (User or Group), or change the one declared under
 * the same URN: {@code schema} is an RFC 7643 §7 schema representation.
 */
public record DeclareSchemaExtensionCommand(@TargetAggregateIdentifier String tenantId, String resourceType,
                                            JsonNode schema, String actor, Instant at) {
}
