package dev.scimledger.messages.group;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** These members left the group (only ones that were members). */
@Revision("1")
public record GroupMembersRemovedEvent(String tenantId, String groupId, List<String> memberIds, Instant at)
        implements ScimEvent {
}
