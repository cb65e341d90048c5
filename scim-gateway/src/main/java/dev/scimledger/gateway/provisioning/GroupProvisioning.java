package dev.scimledger.gateway.provisioning;

import dev.scimledger.scim.resource.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.DeleteGroupCommand;
import dev.scimledger.messages.group.FindGroupQuery;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.messages.group.ReplaceGroupCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.MemberIds;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.resource.UnknownAttributes;
import dev.scimledger.scim.schema.ResourceSchema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Groups, as SCIM requests, bulk operations and the admin API change and read them, under the tenant's group policy:
 * where groups exist beforehand ({@code groupPolicy} "existing") SCIM may change their members but neither create
 * nor delete them; the administrator creates them. A group's members travel as ids beside its attributes.
 */
@Service
public class GroupProvisioning {

    private final CommandSender commands;
    private final QueryGateway queries;

    GroupProvisioning(CommandSender commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public GroupView create(ScimCaller caller, RequestOrigin origin, JsonNode group, boolean withMembers,
                            IgnoredAttributes ignored) {
        ignored.apply(caller, caller.groupSchema(), UnknownAttributes.inResource(group, caller.groupSchema()),
                ScimErrorType.INVALID_SYNTAX);
        ObjectNode values = attributes(group, caller.groupSchema());
        if (caller.settings().groupsExistBeforehand()) {
            throw ScimException.forbidden("this tenant's groups are created by its administrator; group \""
                    + values.path("displayName").asText() + "\" does not exist (find existing groups with "
                    + "filter=displayName eq \"...\")");
        }
        CreateGroupCommand command = new CreateGroupCommand(UUID.randomUUID().toString(), caller.tenantId(),
                values, memberIds(group), RequestTime.now(), caller.groupSchema());
        return shown(commands.create(command, origin.metadata(caller.tenantId(), caller.tokenId())), withMembers);
    }

    /**
     * A group the tenant's administrator creates (whatever the group policy), without members. Recorded in the log
     * like a SCIM create, with the administrator as the actor.
     */
    public GroupView createByAdministrator(ScimCaller administrator, RequestOrigin origin, JsonNode group) {
        ObjectNode values = ResourceNormalizer.normalize(group, administrator.groupSchema());
        values.remove("members");
        return commands.create(new CreateGroupCommand(UUID.randomUUID().toString(), administrator.tenantId(), values,
                List.of(), RequestTime.now(), administrator.groupSchema()), origin.metadata(administrator.tenantId(), administrator.tokenId()));
    }

    public Optional<GroupView> find(ScimCaller caller, String groupId, boolean withMembers) {
        return queries.query(new FindGroupQuery(caller.tenantId(), groupId, withMembers),
                ResponseTypes.optionalInstanceOf(GroupView.class)).join();
    }

    public GroupView replace(ScimCaller caller, RequestOrigin origin, String groupId, JsonNode group, Long ifMatch,
                             boolean withMembers, IgnoredAttributes ignored) {
        ignored.apply(caller, caller.groupSchema(), UnknownAttributes.inResource(group, caller.groupSchema()),
                ScimErrorType.INVALID_SYNTAX);
        ReplaceGroupCommand command = new ReplaceGroupCommand(groupId, caller.tenantId(),
                attributes(group, caller.groupSchema()), memberIds(group), ifMatch, RequestTime.now(),
                caller.groupSchema());
        return shown(commands.change(command, origin.metadata(caller.tenantId(), caller.tokenId())), withMembers);
    }

    /** The group as written, without its members (a PATCH answers 204). */
    public GroupView patch(ScimCaller caller, RequestOrigin origin, String groupId, JsonNode patchRequest, Long ifMatch,
                           IgnoredAttributes ignored) {
        List<PatchOperation> operations = PatchLimits.operations(patchRequest, caller);
        ignored.apply(caller, caller.groupSchema(), UnknownAttributes.inPatch(operations, caller.groupSchema()),
                ScimErrorType.INVALID_PATH);
        PatchGroupCommand command = new PatchGroupCommand(groupId, caller.tenantId(), operations, ifMatch,
                RequestTime.now(), caller.groupSchema());
        return commands.change(command, origin.metadata(caller.tenantId(), caller.tokenId()));
    }

    public void delete(ScimCaller caller, RequestOrigin origin, String groupId, Long ifMatch) {
        if (caller.settings().groupsExistBeforehand()) {
            throw ScimException.forbidden("this tenant's groups are managed by its administrator and are not "
                    + "deleted through SCIM");
        }
        commands.change(new DeleteGroupCommand(groupId, caller.tenantId(), ifMatch, RequestTime.now()),
                origin.metadata(caller.tenantId(), caller.tokenId()));
    }

    /** The group's attributes without its members, which travel as ids beside them. */
    private static ObjectNode attributes(JsonNode group, ResourceSchema schema) {
        ObjectNode withoutMembers = ((ObjectNode) group).deepCopy();
        withoutMembers.remove(memberKeys(group));
        ObjectNode attributes = ResourceNormalizer.normalize(withoutMembers, schema);
        attributes.remove("members");
        return attributes;
    }

    private static List<String> memberIds(JsonNode group) {
        return MemberIds.of(JsonFields.get(group, "members"));
    }

    private static List<String> memberKeys(JsonNode group) {
        return java.util.stream.StreamSupport.stream(((Iterable<String>) group::fieldNames).spliterator(), false)
                .filter(name -> name.equalsIgnoreCase("members")).toList();
    }

    /**
     * The written group, with its members (their display names) as the read model has them when they are shown:
     * the read model was written in the command's transaction, so it holds this very write.
     */
    private GroupView shown(GroupView written, boolean withMembers) {
        if (!withMembers) {
            return written;
        }
        return queries.query(new FindGroupQuery(written.tenantId(), written.groupId(), true),
                        ResponseTypes.optionalInstanceOf(GroupView.class)).join()
                .filter(read -> read.version() == written.version())
                .orElse(written);
    }
}
