package dev.scimledger.messages.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A group's attributes other than its members changed; carries the resulting attributes whole. */
@Revision("1")
public record GroupAttributesChangedEvent(String tenantId, String groupId, String displayName, ObjectNode attributes,
                                          List<String> changedAttributes, Instant at) implements ScimEvent {
}
