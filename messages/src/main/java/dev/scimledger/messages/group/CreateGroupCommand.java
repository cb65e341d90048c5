package dev.scimledger.messages.group;

import dev.scimledger.scim.schema.ResourceSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Create a group. {@code attributes} is the normalised SCIM group without {@code id}, {@code meta} and
 * {@code members}; {@code memberIds} are the ids of its first members (users or groups of the tenant).
 */
public record CreateGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, ObjectNode attributes,
                                 List<String> memberIds, Instant at, ResourceSchema schema) {

    /** {@code schema}: the tenant's Group resource type, with its declared extensions (the standard one when null). */
    public CreateGroupCommand {
        schema = schema == null ? ResourceSchema.GROUP : schema;
    }

    /** With the service's standard schemas. */
    public CreateGroupCommand(String groupId, String tenantId, ObjectNode attributes, List<String> memberIds, Instant at) {
        this(groupId, tenantId, attributes, memberIds, at, null);
    }
}
