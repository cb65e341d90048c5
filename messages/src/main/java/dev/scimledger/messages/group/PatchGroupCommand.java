package dev.scimledger.messages.group;

import dev.scimledger.scim.patch.PatchOperation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Change a group by SCIM PATCH operations (RFC 7644 §3.5.2), parsed once at the edge: attribute changes and member
 * additions, removals and replacements, all or nothing.
 */
public record PatchGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, List<PatchOperation> operations,
                                Long expectedVersion, Instant at) {

    public PatchGroupCommand {
        operations = List.copyOf(operations);
    }
}
