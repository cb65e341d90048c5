package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * A user as SCIM shows it: the answer to a user query, and the result of a user command (the state the command
 * produced). {@code version} is the sequence number of the user's latest event: the ETag.
 *
 * <p>{@code groups} (RFC 7643 §4.1.2, read-only) are the groups the user is a direct member of, computed by the read
 * model from group memberships, never part of the user's own attributes or events; null when not read (a command's
 * result, or a reader that does not show them), empty when the user is in no group.
 */
public record UserView(String tenantId, String userId, long version, ObjectNode attributes, boolean active,
                       Instant created, Instant lastModified, List<GroupRef> groups) {

    /** Without groups: what a command produces. */
    public UserView(String tenantId, String userId, long version, ObjectNode attributes, boolean active,
                    Instant created, Instant lastModified) {
        this(tenantId, userId, version, attributes, active, created, lastModified, null);
    }

    /** This user with its groups as read from the read model. */
    public UserView withGroups(List<GroupRef> groups) {
        return new UserView(tenantId, userId, version, attributes, active, created, lastModified, groups);
    }

    /**
     * A group the user belongs to: {@code value} its id, {@code display} its displayName, {@code type}
     * {@code direct} (nested memberships are not expanded).
     */
    public record GroupRef(String value, String display, String type) {
    }
}
