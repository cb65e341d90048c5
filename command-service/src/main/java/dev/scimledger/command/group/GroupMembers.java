package dev.scimledger.command.group;

import dev.scimledger.messages.group.GroupMember;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What groups have as members now, which ids name live members, and which displayNames are taken: the rules over
 * many aggregates, kept beside the log in the command's transaction.
 */
interface GroupMembers {

    /** Which of {@code ids} are members of the group now. */
    Set<String> membersAmong(String groupId, Collection<String> ids);

    /** All members of the group, with their types, in a stable order. */
    List<GroupMember> all(String groupId);

    void add(String tenantId, String groupId, List<GroupMember> members);

    void remove(String groupId, Collection<String> memberIds);

    void removeAllOf(String groupId);

    /** The groups that have this member now. */
    List<String> groupsOf(String tenantId, String memberId);

    /**
     * The type ("User" or "Group") of each id that names a live user or group of the tenant, in the order asked;
     * what it finds stays locked against deletion until the transaction ends.
     */
    Map<String, String> existingMembers(String tenantId, Collection<String> ids);

    /** True when the displayName was free in the tenant and is now this group's. */
    boolean claimName(String tenantId, String displayNameKey, String groupId);

    void releaseName(String tenantId, String displayNameKey, String groupId);
}
