package dev.scimledger.command.group;

import dev.scimledger.command.user.GroupMembershipRemoval;
import dev.scimledger.scim.ScimException;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Takes a user or group that is being deleted out of every group it is a member of, each removal an event of that
 * group. Called within the deleting command's transaction.
 */
@Component
public class GroupMemberships implements GroupMembershipRemoval {

    private final Repository<Group> groups;
    private final GroupMembers members;

    GroupMemberships(Repository<Group> groups, GroupMembers members) {
        this.groups = groups;
        this.members = members;
    }

    @Override
    public void removeEverywhere(String tenantId, String memberId, Instant at) {
        List<String> containing = members.groupsOf(tenantId, memberId);
        for (String groupId : containing) {
            Aggregate<Group> group;
            try {
                group = groups.load(groupId);
            } catch (AggregateNotFoundException gone) {
                throw ScimException.conflict(null, "group " + groupId + " is being deleted concurrently; retry");
            }
            group.execute(g -> g.removeMembers(List.of(memberId), at));
            members.remove(groupId, List.of(memberId));
        }
    }
}
