package dev.scimledger.messages.group;

import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.patch.PatchOperation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Change a group by SCIM PATCH operations (RFC 7644 §3.5.2), parsed once at the edge: attribute changes and member
 * additions, removals and replacements, all or nothing.
 */
public record PatchGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, List<PatchOperation> operations,
                                Long expectedVersion, Instant at, ResourceSchema schema) {

    /** {@code schema}: the tenant's resource type with its declared extensions (standard when null). */
    public PatchGroupCommand {
        schema = schema == null ? ResourceSchema.GROUP : schema;
        operations = List.copyOf(operations);
    }

    /** With the service's standard schemas. */
    public PatchGroupCommand(String groupId, String tenantId, List<PatchOperation> operations, Long expectedVersion,
                             Instant at) {
        this(groupId, tenantId, operations, expectedVersion, at, null);
    }
}
