package dev.scimledger.command.operator;

import dev.scimledger.messages.operator.AdminApiKeyIssuedEvent;
import dev.scimledger.messages.operator.AdminApiKeyRevokedEvent;
import dev.scimledger.messages.operator.AdminApiKeyRotatedEvent;
import dev.scimledger.messages.operator.ChangeConsolePasswordCommand;
import dev.scimledger.messages.operator.ConsoleAccountCreatedEvent;
import dev.scimledger.messages.operator.ConsoleAccountDisabledEvent;
import dev.scimledger.messages.operator.ConsoleAccountEnabledEvent;
import dev.scimledger.messages.operator.ConsoleAccountPasswordChangedEvent;
import dev.scimledger.messages.operator.CreateConsoleAccountCommand;
import dev.scimledger.messages.operator.DisableConsoleAccountCommand;
import dev.scimledger.messages.operator.EnableConsoleAccountCommand;
import dev.scimledger.messages.operator.IssueAdminApiKeyCommand;
import dev.scimledger.messages.operator.KafkaRepublicationStartedEvent;
import dev.scimledger.messages.operator.ProjectionRebuildStartedEvent;
import dev.scimledger.messages.operator.QuarantineRetriedEvent;
import dev.scimledger.messages.operator.RecordProjectionRebuildCommand;
import dev.scimledger.messages.operator.RecordQuarantineRetryCommand;
import dev.scimledger.messages.operator.RecordRepublicationCommand;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.operator.RevokeAdminApiKeyCommand;
import dev.scimledger.messages.operator.RotateAdminApiKeyCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The people and keys that administer the service, one aggregate for all (id {@link OperatorEvent#TENANT}): console
 * account names are well formed and unique, roles are admin or auditor, the last enabled admin account cannot be
 * disabled (nobody could sign in to enable it again), API key names are well formed and unique, and only a live key
 * is rotated or revoked. It also records the operators' maintenance of the projections (a rebuild, a re-publication to
 * Kafka, a quarantine retry), which the projection service carries out, with who asked. Made by its first command
 * (see {@link OperatorCommandHandler}).
 */
@Aggregate
public class OperatorDirectory {

    /** Lower case; at most 56 characters, so that {@code console:<name>} fits the audit trail's actor column. */
    static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,55}");
    static final Pattern KEY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,55}");
    static final Set<String> ROLES = Set.of("admin", "auditor");

    @AggregateIdentifier
    private String directoryId;
    private final Map<String, AccountState> accounts = new HashMap<>();
    private final Map<String, KeyState> keys = new HashMap<>();

    private record AccountState(String role, boolean disabled) {
    }

    private record KeyState(String name, boolean revoked) {
    }

    protected OperatorDirectory() {
        // for Axon, and for the handler's first command: state is rebuilt from the events
    }

    void createAccount(CreateConsoleAccountCommand command) {
        if (command.username() == null || !ACCOUNT_NAME.matcher(command.username()).matches()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "an account name is 1 to 56 characters: lower-case "
                    + "letters, digits and . _ @ -, starting with a letter or digit");
        }
        role(command.role());
        if (accounts.containsKey(command.username())) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already an account " + command.username());
        }
        apply(new ConsoleAccountCreatedEvent(OperatorEvent.TENANT, command.username(), command.role(),
                command.actor(), command.at()));
    }

    void changePassword(ChangeConsolePasswordCommand command) {
        account(command.username());
        apply(new ConsoleAccountPasswordChangedEvent(OperatorEvent.TENANT, command.username(), command.actor(),
                command.at()));
    }

    void disable(DisableConsoleAccountCommand command) {
        AccountState account = account(command.username());
        if (account.disabled()) {
            return; // already: nothing to record
        }
        if (account.role().equals("admin") && accounts.values().stream()
                .filter(a -> a.role().equals("admin") && !a.disabled()).count() == 1) {
            throw ScimException.conflict(null, "the last admin account that can sign in cannot be disabled: "
                    + "make or enable another admin account first");
        }
        apply(new ConsoleAccountDisabledEvent(OperatorEvent.TENANT, command.username(), command.actor(), command.at()));
    }

    void enable(EnableConsoleAccountCommand command) {
        if (account(command.username()).disabled()) {
            apply(new ConsoleAccountEnabledEvent(OperatorEvent.TENANT, command.username(), command.actor(),
                    command.at()));
        }
    }

    void issueKey(IssueAdminApiKeyCommand command) {
        if (command.name() == null || !KEY_NAME.matcher(command.name()).matches()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a key's name is 1 to 56 characters: lower-case "
                    + "letters, digits and . _ -, starting with a letter or digit");
        }
        role(command.role());
        if (keys.values().stream().anyMatch(k -> k.name().equals(command.name()))) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already a key named " + command.name());
        }
        if (keys.containsKey(command.keyId())) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already a key " + command.keyId());
        }
        apply(new AdminApiKeyIssuedEvent(OperatorEvent.TENANT, command.keyId(), command.name(), command.role(),
                command.actor(), command.at()));
    }

    void rotateKey(RotateAdminApiKeyCommand command) {
        liveKey(command.keyId());
        apply(new AdminApiKeyRotatedEvent(OperatorEvent.TENANT, command.keyId(), command.actor(), command.at()));
    }

    void revokeKey(RevokeAdminApiKeyCommand command) {
        liveKey(command.keyId());
        apply(new AdminApiKeyRevokedEvent(OperatorEvent.TENANT, command.keyId(), command.actor(), command.at()));
    }

    void record(RecordProjectionRebuildCommand command) {
        apply(new ProjectionRebuildStartedEvent(OperatorEvent.TENANT, command.rebuildId(), command.projection(),
                command.scopeTenantId(), command.actor(), command.at()));
    }

    void record(RecordRepublicationCommand command) {
        apply(new KafkaRepublicationStartedEvent(OperatorEvent.TENANT, command.republicationId(),
                command.subjectTenantId(), command.from(), command.actor(), command.at()));
    }

    void record(RecordQuarantineRetryCommand command) {
        apply(new QuarantineRetriedEvent(OperatorEvent.TENANT, command.processor(), command.applied(),
                command.stillQuarantined(), command.actor(), command.at()));
    }

    private static void role(String role) {
        if (role == null || !ROLES.contains(role)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a role is admin or auditor");
        }
    }

    private AccountState account(String username) {
        AccountState account = accounts.get(username);
        if (account == null) {
            throw ScimException.notFound("no console account " + username);
        }
        return account;
    }

    private void liveKey(String keyId) {
        KeyState key = keys.get(keyId);
        if (key == null || key.revoked()) {
            throw ScimException.notFound("no live key " + keyId);
        }
    }

    @EventSourcingHandler
    void on(OperatorEvent event) {
        directoryId = event.tenantId();
    }

    @EventSourcingHandler
    void on(ConsoleAccountCreatedEvent event) {
        directoryId = event.tenantId();
        accounts.put(event.username(), new AccountState(event.role(), false));
    }

    @EventSourcingHandler
    void on(ConsoleAccountDisabledEvent event) {
        accounts.computeIfPresent(event.username(), (name, a) -> new AccountState(a.role(), true));
    }

    @EventSourcingHandler
    void on(ConsoleAccountEnabledEvent event) {
        accounts.computeIfPresent(event.username(), (name, a) -> new AccountState(a.role(), false));
    }

    @EventSourcingHandler
    void on(AdminApiKeyIssuedEvent event) {
        directoryId = event.tenantId();
        keys.put(event.keyId(), new KeyState(event.name(), false));
    }

    @EventSourcingHandler
    void on(AdminApiKeyRevokedEvent event) {
        keys.computeIfPresent(event.keyId(), (id, k) -> new KeyState(k.name(), true));
    }
}
