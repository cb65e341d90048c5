package dev.scimledger.messages.user;

import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.patch.PatchOperation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Change a user's attributes by SCIM PATCH operations (RFC 7644 §3.5.2), parsed once at the edge; the aggregate
 * applies them to its own state, all or nothing. {@code workEmailImmutable} is the tenant's rule (an admin may relax
 * it; the userName rule is never relaxed).
 */
public record PatchUserCommand(@TargetAggregateIdentifier String userId, String tenantId, List<PatchOperation> operations,
                               Long expectedVersion, Instant at, boolean workEmailImmutable, ResourceSchema schema) {

    /** {@code schema}: the tenant's resource type with its declared extensions (standard when null). */
    public PatchUserCommand {
        schema = schema == null ? ResourceSchema.USER : schema;
        operations = List.copyOf(operations);
    }

    /** With the service's standard schemas. */
    public PatchUserCommand(String userId, String tenantId, List<PatchOperation> operations, Long expectedVersion,
                            Instant at, boolean workEmailImmutable) {
        this(userId, tenantId, operations, expectedVersion, at, workEmailImmutable, null);
    }

    /** With the product's default rule: the work email is immutable once provisioned. */
    public PatchUserCommand(String userId, String tenantId, List<PatchOperation> operations, Long expectedVersion,
                            Instant at) {
        this(userId, tenantId, operations, expectedVersion, at, true, null);
    }
}
