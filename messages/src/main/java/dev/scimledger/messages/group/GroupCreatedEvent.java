package dev.scimledger.messages.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group was created with these attributes (its members follow as {@link GroupMembersAddedEvent}). */
@Revision("1")
public record GroupCreatedEvent(String tenantId, String groupId, String displayName, ObjectNode attributes,
                                Instant at) implements ScimEvent {
}
