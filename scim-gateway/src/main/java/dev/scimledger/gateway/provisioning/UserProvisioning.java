package dev.scimledger.gateway.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.FindUserGroupsQuery;
import dev.scimledger.messages.user.FindUserQuery;
import dev.scimledger.messages.user.ImportUserCommand;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
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
 * Users, as SCIM requests, bulk operations and the account import change and read them: a request already parsed
 * becomes a command under the tenant's rules (no password ever reaches a command; {@code active} is a boolean), and
 * the answer is the user as written, with its groups when the caller shows them.
 *
 * <p>Read-your-writes: the read model is written in the command's own transaction, so the groups read after a
 * write, on this node or any other, include that write.
 */
@Service
public class UserProvisioning {

    private final CommandSender commands;
    private final QueryGateway queries;

    UserProvisioning(CommandSender commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public UserView create(ScimCaller caller, RequestOrigin origin, JsonNode user, boolean withGroups,
                           IgnoredAttributes ignored) {
        ignored.apply(caller, caller.userSchema(), UnknownAttributes.inResource(user, caller.userSchema()),
                ScimErrorType.INVALID_SYNTAX);
        ObjectNode values = normalized(user, caller.userSchema());
        boolean active = takeActive(values, true);
        CreateUserCommand command = new CreateUserCommand(UUID.randomUUID().toString(), caller.tenantId(),
                values, active, RequestTime.now(), caller.userSchema());
        UserView created = commands.create(command, origin.metadata(caller.tenantId(), caller.tokenId()));
        // a user created just now is in no group yet; one that adopted an imported account (another id) may be
        boolean brandNew = created.userId().equals(command.userId());
        return brandNew ? created.withGroups(List.of()) : shown(created, withGroups);
    }

    /**
     * An account that exists before provisioning starts, so that the identity provider's match by userName finds
     * it and its create adopts it.
     */
    public UserView importAccount(ScimCaller caller, RequestOrigin origin, ObjectNode account) {
        ObjectNode values = ResourceNormalizer.normalize(account, caller.userSchema());
        JsonNode active = values.remove("active");
        return commands.create(new ImportUserCommand(UUID.randomUUID().toString(), caller.tenantId(), values,
                        active == null || !active.isBoolean() || active.booleanValue(), RequestTime.now()),
                origin.metadata(caller.tenantId(), caller.tokenId()));
    }

    public Optional<UserView> find(ScimCaller caller, String userId, boolean withGroups) {
        return queries.query(new FindUserQuery(caller.tenantId(), userId, withGroups),
                ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }

    public UserView replace(ScimCaller caller, RequestOrigin origin, String userId, JsonNode user, Long ifMatch,
                            boolean withGroups, IgnoredAttributes ignored) {
        ignored.apply(caller, caller.userSchema(), UnknownAttributes.inResource(user, caller.userSchema()),
                ScimErrorType.INVALID_SYNTAX);
        ObjectNode values = normalized(user, caller.userSchema());
        Boolean active = values.has("active") ? takeActive(values, true) : null;
        ReplaceUserCommand command = new ReplaceUserCommand(userId, caller.tenantId(), values, active, ifMatch,
                RequestTime.now(), caller.settings().workEmailImmutable(), caller.userSchema());
        return shown(commands.change(command, origin.metadata(caller.tenantId(), caller.tokenId())), withGroups);
    }

    public UserView patch(ScimCaller caller, RequestOrigin origin, String userId, JsonNode patchRequest, Long ifMatch,
                          boolean withGroups, IgnoredAttributes ignored) {
        // malformed operations are a 400 before any command exists
        List<PatchOperation> operations = PatchLimits.operations(patchRequest, caller);
        ignored.apply(caller, caller.userSchema(), UnknownAttributes.inPatch(operations, caller.userSchema()),
                ScimErrorType.INVALID_PATH);
        PatchUserCommand command = new PatchUserCommand(userId, caller.tenantId(), operations, ifMatch,
                RequestTime.now(), caller.settings().workEmailImmutable(), caller.userSchema());
        return shown(commands.change(command, origin.metadata(caller.tenantId(), caller.tokenId())), withGroups);
    }

    public void delete(ScimCaller caller, RequestOrigin origin, String userId, Long ifMatch) {
        commands.change(new DeleteUserCommand(userId, caller.tenantId(), ifMatch, RequestTime.now()),
                origin.metadata(caller.tenantId(), caller.tokenId()));
    }

    private static ObjectNode normalized(JsonNode user, ResourceSchema schema) {
        if (user.has("password")) {
            ((ObjectNode) user).remove("password"); // a password never reaches a command, let alone the log
        }
        return ResourceNormalizer.normalize(user, schema);
    }

    private static boolean takeActive(ObjectNode attributes, boolean absent) {
        JsonNode active = attributes.remove("active");
        if (active == null || active.isNull()) {
            return absent;
        }
        if (!active.isBoolean()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "active must be a boolean");
        }
        return active.booleanValue();
    }

    /** The written user (the command's result) with its groups as the read model has them, when they are shown. */
    private UserView shown(UserView written, boolean withGroups) {
        if (!withGroups) {
            return written;
        }
        return written.withGroups(queries.query(new FindUserGroupsQuery(written.tenantId(), written.userId()),
                ResponseTypes.multipleInstancesOf(UserView.GroupRef.class)).join());
    }
}
