package dev.scimledger.messages.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Replace a group's attributes and its whole member set (SCIM PUT). */
public record ReplaceGroupCommand(@TargetAggregateIdentifier String groupId, String tenantId, ObjectNode attributes,
                                  List<String> memberIds, Long expectedVersion, Instant at) {
}
