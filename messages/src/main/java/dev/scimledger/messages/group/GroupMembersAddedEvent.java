package dev.scimledger.messages.group;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** These members joined the group (only ones that were not members before). */
@Revision("1")
public record GroupMembersAddedEvent(String tenantId, String groupId, List<GroupMember> members, Instant at)
        implements ScimEvent {
}
