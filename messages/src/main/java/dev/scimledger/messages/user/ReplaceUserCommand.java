package dev.scimledger.messages.user;

import dev.scimledger.scim.schema.ResourceSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Replace a user's attributes (SCIM PUT). {@code active} is null when the request did not say.
 * {@code expectedVersion} is null unless the client sent {@code If-Match}. {@code workEmailImmutable} is the tenant's
 * rule (an admin may relax it; the userName rule is never relaxed).
 */
public record ReplaceUserCommand(@TargetAggregateIdentifier String userId, String tenantId, ObjectNode attributes,
                                 Boolean active, Long expectedVersion, Instant at, boolean workEmailImmutable, ResourceSchema schema) {

    /** {@code schema}: the tenant's User resource type with its declared extensions (standard when null). */
    public ReplaceUserCommand {
        schema = schema == null ? ResourceSchema.USER : schema;
    }

    /** With the service's standard schemas. */
    public ReplaceUserCommand(String userId, String tenantId, ObjectNode attributes, Boolean active, Long expectedVersion,
                              Instant at, boolean workEmailImmutable) {
        this(userId, tenantId, attributes, active, expectedVersion, at, workEmailImmutable, null);
    }

    /** With the product's default rule: the work email is immutable once provisioned. */
    public ReplaceUserCommand(String userId, String tenantId, ObjectNode attributes, Boolean active, Long expectedVersion,
                              Instant at) {
        this(userId, tenantId, attributes, active, expectedVersion, at, true, null);
    }
}
