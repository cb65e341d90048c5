package dev.scimledger.messages.user;

import dev.scimledger.scim.schema.ResourceSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Provision a new user. {@code attributes} is the normalised SCIM resource without {@code id}, {@code meta},
 * {@code schemas}, {@code active} or any password; {@code at} is the request time, chosen by the gateway.
 */
public record CreateUserCommand(@TargetAggregateIdentifier String userId, String tenantId, ObjectNode attributes,
                                boolean active, Instant at, ResourceSchema schema) {

    /** {@code schema}: the tenant's User resource type, with its declared extensions (the standard one when null). */
    public CreateUserCommand {
        schema = schema == null ? ResourceSchema.USER : schema;
    }

    /** With the service's standard schemas. */
    public CreateUserCommand(String userId, String tenantId, ObjectNode attributes, boolean active, Instant at) {
        this(userId, tenantId, attributes, active, at, null);
    }
}
