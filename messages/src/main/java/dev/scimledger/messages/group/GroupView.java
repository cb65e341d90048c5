package dev.scimledger.messages.group;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * A group as SCIM shows it. {@code members} is null when the reader asked not to have them (Entra reads groups with
 * {@code excludedAttributes=members}), so that a large group's members are not read at all.
 */
public record GroupView(String tenantId, String groupId, long version, ObjectNode attributes,
                        List<MemberView> members, Instant created, Instant lastModified) {

    /** A member with the name it is shown by ({@code display}): a user's displayName or userName, a group's displayName. */
    public record MemberView(String value, String type, String display) {
    }
}
