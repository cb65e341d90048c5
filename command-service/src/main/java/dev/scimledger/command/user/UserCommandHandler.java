package dev.scimledger.command.user;

import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.EraseUserCommand;
import dev.scimledger.messages.user.ImportUserCommand;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.UserErasure;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

/**
 * Routes user commands to the {@link User} aggregate, around the userName claim that spans all users of a tenant.
 * Every command answers with the state it produced, so the gateway can respond without reading the projection.
 */
@Component
class UserCommandHandler {

    private final Repository<User> users;
    private final UserNameClaims claims;
    private final GroupMembershipRemoval groupMemberships;
    private final PersonalDataErasure personalDataErasure;

    UserCommandHandler(Repository<User> users, UserNameClaims claims, GroupMembershipRemoval groupMemberships,
                       PersonalDataErasure personalDataErasure) {
        this.users = users;
        this.claims = claims;
        this.groupMemberships = groupMemberships;
        this.personalDataErasure = personalDataErasure;
    }

    @CommandHandler
    UserView handle(CreateUserCommand command) throws Exception {
        String userName = User.validatedUserName(command.attributes());
        if (!claims.claim(command.tenantId(), User.userNameKey(userName), command.userId())) {
            // the name is held: by a managed user (a conflict) or by an imported account this create may adopt
            Aggregate<User> holder = load(claims.holder(command.tenantId(), User.userNameKey(userName))
                    .orElseThrow(() -> ScimException.conflict("userName \"" + userName + "\" is being provisioned concurrently")));
            holder.execute(u -> u.adopt(command));
            return holder.invoke(User::view);
        }
        return users.newInstance(() -> new User(command)).invoke(User::view);
    }

    @CommandHandler
    UserView handle(ImportUserCommand command) throws Exception {
        String userName = User.validatedUserName(command.attributes());
        if (!claims.claim(command.tenantId(), User.userNameKey(userName), command.userId())) {
            throw ScimException.conflict("userName \"" + userName + "\" exists already in this tenant");
        }
        return users.newInstance(() -> new User(command)).invoke(User::view);
    }

    @CommandHandler
    UserView handle(ReplaceUserCommand command) {
        return change(command.userId(), user -> user.replace(command));
    }

    @CommandHandler
    UserView handle(PatchUserCommand command) {
        return change(command.userId(), user -> user.patch(command));
    }

    @CommandHandler
    UserView handle(DeleteUserCommand command) {
        Aggregate<User> user = load(command.userId());
        user.execute(u -> u.delete(command));
        String tenantId = command.tenantId();
        groupMemberships.removeEverywhere(tenantId, command.userId(), command.at());
        user.execute(u -> claims.release(tenantId, u.userNameKey(), command.userId()));
        // a group that added this user after the first sweep holds the user's claim row (FOR SHARE) until it
        // commits; the release above waited for it, so a second sweep now sees that membership too
        groupMemberships.removeEverywhere(tenantId, command.userId(), command.at());
        return user.invoke(User::view);
    }

    /** The erasure event and the key's deletion commit together: an erased user's key is gone the moment it is. */
    @CommandHandler
    UserErasure handle(EraseUserCommand command) {
        Aggregate<User> user = load(command.userId());
        boolean erasedNow = user.invoke(u -> u.erase(command));
        UserErasure erasure = user.invoke(u -> u.erasure(!erasedNow));
        if (!erasure.alreadyErased()) {
            personalDataErasure.erase(command.tenantId(), command.userId(), command.at());
        }
        return erasure;
    }

    private UserView change(String userId, Consumer<User> decision) {
        Aggregate<User> user = load(userId);
        user.execute(decision);
        return user.invoke(User::view);
    }

    private Aggregate<User> load(String userId) {
        try {
            return users.load(userId);
        } catch (AggregateNotFoundException | IncompatibleAggregateException notFound) {
            // incompatible: the id is another type's (a user's, a group's, a tenant's): no handler here takes its events
            throw ScimException.notFound("User " + userId + " not found");
        }
    }
}
