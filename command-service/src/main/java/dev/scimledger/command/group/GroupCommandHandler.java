package dev.scimledger.command.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.DeleteGroupCommand;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.messages.group.ReplaceGroupCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.ResourceSchema;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Group commands: the {@link Group} aggregate decides its own rules; the membership set and the displayName claim
 * (rules over many groups) are written here in the same transaction. The aggregate is always loaded first, so its
 * lock orders concurrent commands on one group before any row is read.
 */
@Component
class GroupCommandHandler {

    private final Repository<Group> groups;
    private final GroupMembers members;
    private final GroupMemberships memberships;

    GroupCommandHandler(Repository<Group> groups, GroupMembers members, GroupMemberships memberships) {
        this.groups = groups;
        this.members = members;
        this.memberships = memberships;
    }

    @CommandHandler
    GroupView handle(CreateGroupCommand command) throws Exception {
        String displayName = Group.validatedDisplayName(command.attributes());
        if (!members.claimName(command.tenantId(), Group.displayNameKey(displayName), command.groupId())) {
            throw ScimException.conflict("a group named \"" + displayName + "\" exists already in this tenant");
        }
        Aggregate<Group> group = groups.newInstance(
                () -> new Group(command.groupId(), command.tenantId(), command.attributes(), command.at(),
                        command.schema()));
        MemberChanges changes = new MemberChanges(command.groupId(), members);
        changes.add(command.memberIds());
        applyMembers(group, changes, command.at());
        return group.invoke(Group::view);
    }

    @CommandHandler
    GroupView handle(ReplaceGroupCommand command) {
        Aggregate<Group> group = load(command.groupId());
        group.execute(g -> g.checkTenantAndVersion(command.tenantId(), command.expectedVersion()));
        changeAttributes(group, command.attributes(), command.at(), command.schema());
        MemberChanges changes = new MemberChanges(command.groupId(), members);
        changes.replaceWith(command.memberIds());
        applyMembers(group, changes, command.at());
        return group.invoke(Group::view);
    }

    @CommandHandler
    GroupView handle(PatchGroupCommand command) {
        Aggregate<Group> group = load(command.groupId());
        MemberChanges changes = new MemberChanges(command.groupId(), members);
        ObjectNode attributes = group.invoke(g -> g.patch(command, changes));
        changeAttributes(group, attributes, command.at(), command.schema());
        applyMembers(group, changes, command.at());
        return group.invoke(Group::view);
    }

    @CommandHandler
    GroupView handle(DeleteGroupCommand command) {
        Aggregate<Group> group = load(command.groupId());
        group.execute(g -> g.checkTenantAndVersion(command.tenantId(), command.expectedVersion()));
        group.execute(g -> g.delete(command.at()));
        members.removeAllOf(command.groupId());
        String tenantId = command.tenantId();
        memberships.removeEverywhere(tenantId, command.groupId(), command.at());
        group.execute(g -> members.releaseName(tenantId, Group.displayNameKey(g.displayName()), command.groupId()));
        // a group that made this one its member after the first sweep waited on the name claim; sweep once more
        memberships.removeEverywhere(tenantId, command.groupId(), command.at());
        return group.invoke(Group::view);
    }

    private void changeAttributes(Aggregate<Group> group, ObjectNode attributes, Instant at, ResourceSchema schema) {
        String before = group.invoke(Group::displayName);
        String after = Group.validatedDisplayName(attributes);
        String tenantId = group.invoke(Group::tenantId);
        String groupId = group.invoke(Group::groupId);
        if (!Group.displayNameKey(before).equals(Group.displayNameKey(after))) {
            members.releaseName(tenantId, Group.displayNameKey(before), groupId);
            if (!members.claimName(tenantId, Group.displayNameKey(after), groupId)) {
                throw ScimException.conflict("a group named \"" + after + "\" exists already in this tenant");
            }
        }
        group.execute(g -> g.changeAttributes(attributes, at, schema));
    }

    private void applyMembers(Aggregate<Group> group, MemberChanges changes, Instant at) {
        String tenantId = group.invoke(Group::tenantId);
        String groupId = group.invoke(Group::groupId);
        MemberChanges.Outcome outcome = changes.outcome();
        if (outcome.added().contains(groupId)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a group cannot be a member of itself");
        }
        Map<String, String> types = members.existingMembers(tenantId, outcome.added());
        List<String> unknown = outcome.added().stream().filter(id -> !types.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "no user or group of this tenant has the id "
                    + String.join(", ", unknown.subList(0, Math.min(unknown.size(), 20)))
                    + (unknown.size() > 20 ? " (and " + (unknown.size() - 20) + " more)" : ""));
        }
        List<GroupMember> added = new ArrayList<>();
        outcome.added().forEach(id -> added.add(new GroupMember(id, types.get(id))));
        group.execute(g -> g.removeMembers(outcome.removed(), at));
        group.execute(g -> g.addMembers(added, at));
        members.remove(groupId, outcome.removed());
        members.add(tenantId, groupId, added);
    }

    private Aggregate<Group> load(String groupId) {
        try {
            return groups.load(groupId);
        } catch (AggregateNotFoundException | IncompatibleAggregateException notFound) {
            // incompatible: the id is another type's (a user's, a group's, a tenant's): no handler here takes its events
            throw ScimException.notFound("Group " + groupId + " not found");
        }
    }
}
