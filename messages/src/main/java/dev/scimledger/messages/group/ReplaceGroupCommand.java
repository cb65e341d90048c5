package dev.scimledger.messages.group;

import dev.scimledger.scim.schema.ResourceSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Replace a group's attributes and its whole member set (SCIM PUT). */
public record ReplaceGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, ObjectNode attributes,
                                  List<String> memberIds, Long expectedVersion, Instant at, ResourceSchema schema) {

    /** {@code schema}: the tenant's Group resource type, with its declared extensions (the standard one when null). */
    public ReplaceGroupCommand {
        schema = schema == null ? ResourceSchema.GROUP : schema;
    }

    /** With the service's standard schemas. */
    public ReplaceGroupCommand(String groupId, String tenantId, ObjectNode attributes, List<String> memberIds,
                               Long expectedVersion, Instant at) {
        this(groupId, tenantId, attributes, memberIds, expectedVersion, at, null);
    }
}
