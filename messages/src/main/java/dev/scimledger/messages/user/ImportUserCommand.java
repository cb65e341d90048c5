package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record an account that existed before provisioning started (imported by an admin). It is not managed by SCIM
 * until a client adopts it: a POST with the same userName and work email, or any SCIM change to it.
 */
public record ImportUserCommand(@TargetAggregateIdentifier String userId, String tenantId, ObjectNode attributes,
                                boolean active, Instant at) {
}
