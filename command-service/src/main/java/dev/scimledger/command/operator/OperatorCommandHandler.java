package dev.scimledger.command.operator;

import dev.scimledger.messages.operator.ChangeConsolePasswordCommand;
import dev.scimledger.messages.operator.CreateConsoleAccountCommand;
import dev.scimledger.messages.operator.DisableConsoleAccountCommand;
import dev.scimledger.messages.operator.EnableConsoleAccountCommand;
import dev.scimledger.messages.operator.IssueAdminApiKeyCommand;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.operator.OperatorRegistry;
import dev.scimledger.messages.operator.RecordProjectionRebuildCommand;
import dev.scimledger.messages.operator.RecordQuarantineRetryCommand;
import dev.scimledger.messages.operator.RecordRepublicationCommand;
import dev.scimledger.messages.operator.RevokeAdminApiKeyCommand;
import dev.scimledger.messages.operator.RotateAdminApiKeyCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

/**
 * Routes the operator commands to the {@link OperatorDirectory} and keeps the {@link OperatorRegistry} in the same
 * transaction. The directory is made by whichever command comes first; two nodes making it at once collide on the
 * event store's key, and the sender decides the loser's command again on the directory as made.
 */
@Component
class OperatorCommandHandler {

    private final Repository<OperatorDirectory> directories;
    private final OperatorRegistry registry;

    OperatorCommandHandler(Repository<OperatorDirectory> directories, OperatorRegistry registry) {
        this.directories = directories;
        this.registry = registry;
    }

    @CommandHandler
    void handle(CreateConsoleAccountCommand command) throws Exception {
        decide(d -> d.createAccount(command));
        registry.insertAccount(command.username(), command.role(), command.passwordHash(), command.at(),
                command.actor());
    }

    @CommandHandler
    void handle(ChangeConsolePasswordCommand command) throws Exception {
        decide(d -> d.changePassword(command));
        registry.changePassword(command.username(), command.passwordHash());
    }

    @CommandHandler
    void handle(DisableConsoleAccountCommand command) throws Exception {
        decide(d -> d.disable(command));
        registry.setDisabled(command.username(), true);
    }

    @CommandHandler
    void handle(EnableConsoleAccountCommand command) throws Exception {
        decide(d -> d.enable(command));
        registry.setDisabled(command.username(), false);
    }

    @CommandHandler
    void handle(IssueAdminApiKeyCommand command) throws Exception {
        decide(d -> d.issueKey(command));
        registry.insertApiKey(command.keyId(), command.name(), command.role(), command.digest(), command.at(),
                command.actor());
    }

    @CommandHandler
    void handle(RotateAdminApiKeyCommand command) throws Exception {
        decide(d -> d.rotateKey(command));
        registry.changeApiKeyDigest(command.keyId(), command.digest(), command.at());
    }

    @CommandHandler
    void handle(RevokeAdminApiKeyCommand command) throws Exception {
        decide(d -> d.revokeKey(command));
        registry.revokeApiKey(command.keyId(), command.at(), command.actor());
    }

    @CommandHandler
    void handle(RecordProjectionRebuildCommand command) throws Exception {
        decide(d -> d.record(command));
    }

    @CommandHandler
    void handle(RecordRepublicationCommand command) throws Exception {
        decide(d -> d.record(command));
    }

    @CommandHandler
    void handle(RecordQuarantineRetryCommand command) throws Exception {
        decide(d -> d.record(command));
    }

    private void decide(Consumer<OperatorDirectory> decision) throws Exception {
        Aggregate<OperatorDirectory> directory;
        try {
            directory = directories.load(OperatorEvent.TENANT);
        } catch (AggregateNotFoundException none) {
            // the first operator action ever: the directory begins with its event (which sets the identifier)
            directories.newInstance(() -> {
                OperatorDirectory made = new OperatorDirectory();
                decision.accept(made);
                return made;
            });
            return;
        }
        directory.execute(decision);
    }
}
