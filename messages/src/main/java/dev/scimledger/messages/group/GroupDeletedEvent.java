package dev.scimledger.messages.group;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A group was deleted; its displayName is released. */
@Revision("1")
public record GroupDeletedEvent(String tenantId, String groupId, String displayName, Instant at) implements ScimEvent {
}
