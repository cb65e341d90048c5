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
import dev.scimledger.messages.operator.OperatorRegistry;
import dev.scimledger.messages.operator.ProjectionRebuildStartedEvent;
import dev.scimledger.messages.operator.QuarantineRetriedEvent;
import dev.scimledger.messages.operator.RecordProjectionRebuildCommand;
import dev.scimledger.messages.operator.RecordQuarantineRetryCommand;
import dev.scimledger.messages.operator.RecordRepublicationCommand;
import dev.scimledger.messages.operator.RevokeAdminApiKeyCommand;
import dev.scimledger.messages.operator.RotateAdminApiKeyCommand;
import dev.scimledger.scim.ScimErrorType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.scimledger.command.ScimExceptionMatcher.scim;
import static dev.scimledger.messages.operator.OperatorEvent.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of the console accounts and admin API keys, given / when / expect, with the registry beside them. */
class OperatorDirectoryTest {

    private static final String ACTOR = "console:admin";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    private FixtureConfiguration<OperatorDirectory> fixture;
    private final List<String> writes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OperatorDirectory.class);
        fixture.registerAnnotatedCommandHandler(new OperatorCommandHandler(fixture.getRepository(), new OperatorRegistry() {
            @Override
            public void insertAccount(String username, String role, String passwordHash, Instant at, String actor) {
                writes.add("account " + username + " " + role + " " + passwordHash + " " + actor);
            }

            @Override
            public void changePassword(String username, String passwordHash) {
                writes.add("password " + username + " " + passwordHash);
            }

            @Override
            public void setDisabled(String username, boolean disabled) {
                writes.add((disabled ? "disabled " : "enabled ") + username);
            }

            @Override
            public void insertApiKey(String keyId, String name, String role, String digest, Instant at, String actor) {
                writes.add("key " + keyId + " " + name + " " + role + " " + digest);
            }

            @Override
            public void changeApiKeyDigest(String keyId, String digest, Instant at) {
                writes.add("digest " + keyId + " " + digest);
            }

            @Override
            public void revokeApiKey(String keyId, Instant at, String actor) {
                writes.add("revoked " + keyId + " " + actor);
            }
        }));
    }

    private static ConsoleAccountCreatedEvent account(String name, String role) {
        return new ConsoleAccountCreatedEvent(TENANT, name, role, "first start", T0);
    }

    private static AdminApiKeyIssuedEvent key(String id, String name) {
        return new AdminApiKeyIssuedEvent(TENANT, id, name, "auditor", ACTOR, T0);
    }

    @Test
    void theFirstActionEverMakesTheDirectoryAndNoEventHoldsTheHash() {
        fixture.givenNoPriorActivity()
                .when(new CreateConsoleAccountCommand("admin", "admin", "$argon2id$hash", "first start", T0))
                .expectEvents(account("admin", "admin"));
        assertEquals(List.of("account admin admin $argon2id$hash first start"), writes);
    }

    @Test
    void aKeyCanBeTheFirstActionToo() {
        fixture.givenNoPriorActivity()
                .when(new IssueAdminApiKeyCommand("k1", "backup-script", "auditor", "digest-1", ACTOR, T0))
                .expectEvents(key("k1", "backup-script"));
        assertEquals(List.of("key k1 backup-script auditor digest-1"), writes);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Admin", ".dot", "with space", "tab\tname", "nul\u0000", "x123456789x123456789x123456789x123456789x123456789x1234567"})
    void anAccountNameThatIsNotOneIsRefused(String name) {
        fixture.given(account("admin", "admin"))
                .when(new CreateConsoleAccountCommand(name, "auditor", "h", ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertTrue(writes.isEmpty());
    }

    @Test
    void aRoleIsAdminOrAuditor() {
        fixture.given(account("admin", "admin"))
                .when(new CreateConsoleAccountCommand("ann", "root", "h", ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void anAccountNameIsTakenOnce() {
        fixture.given(account("admin", "admin"), account("ann", "auditor"))
                .when(new CreateConsoleAccountCommand("ann", "admin", "h", ACTOR, T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertTrue(writes.isEmpty());
    }

    @Test
    void theLastAdminThatCanSignInCannotBeDisabled() {
        fixture.given(account("admin", "admin"), account("ann", "auditor"), account("bob", "admin"),
                        new ConsoleAccountDisabledEvent(TENANT, "bob", ACTOR, T0))
                .when(new DisableConsoleAccountCommand("admin", ACTOR, T1))
                .expectException(scim(409, null))
                .expectNoEvents();
        assertTrue(writes.isEmpty());
    }

    @Test
    void anAdminIsDisabledWhileAnotherCanSignIn() {
        fixture.given(account("admin", "admin"), account("bob", "admin"))
                .when(new DisableConsoleAccountCommand("admin", "console:bob", T1))
                .expectEvents(new ConsoleAccountDisabledEvent(TENANT, "admin", "console:bob", T1));
        assertEquals(List.of("disabled admin"), writes);
    }

    @Test
    void disablingTwiceRecordsOnceAndEnablingRecordsTheChange() {
        fixture.given(account("admin", "admin"), account("ann", "auditor"),
                        new ConsoleAccountDisabledEvent(TENANT, "ann", ACTOR, T0))
                .when(new DisableConsoleAccountCommand("ann", ACTOR, T1))
                .expectNoEvents();
        fixture.given(account("admin", "admin"), account("ann", "auditor"),
                        new ConsoleAccountDisabledEvent(TENANT, "ann", ACTOR, T0))
                .when(new EnableConsoleAccountCommand("ann", ACTOR, T1))
                .expectEvents(new ConsoleAccountEnabledEvent(TENANT, "ann", ACTOR, T1));
    }

    @Test
    void aPasswordChangesForAnAccountThatExists() {
        fixture.given(account("admin", "admin"))
                .when(new ChangeConsolePasswordCommand("admin", "new-hash", "console:admin", T1))
                .expectEvents(new ConsoleAccountPasswordChangedEvent(TENANT, "admin", "console:admin", T1));
        assertEquals(List.of("password admin new-hash"), writes);
        writes.clear();
        fixture.given(account("admin", "admin"))
                .when(new ChangeConsolePasswordCommand("nobody", "h", ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
        assertTrue(writes.isEmpty());
    }

    @Test
    void aKeyNameIsTakenOnceEvenAfterItsKeyIsRevoked() {
        fixture.given(key("k1", "deploy"), new AdminApiKeyRevokedEvent(TENANT, "k1", ACTOR, T0))
                .when(new IssueAdminApiKeyCommand("k2", "deploy", "admin", "d", ACTOR, T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertTrue(writes.isEmpty());
    }

    @Test
    void aKeyNameOrRoleThatIsNotOneIsRefused() {
        fixture.given(key("k1", "deploy"))
                .when(new IssueAdminApiKeyCommand("k2", "Deploy Script", "admin", "d", ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE));
        fixture.given(key("k1", "deploy"))
                .when(new IssueAdminApiKeyCommand("k2", "other", "metrics", "d", ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE));
    }

    @Test
    void aLiveKeyRotatesAndIsRevokedOnce() {
        fixture.given(key("k1", "deploy"))
                .when(new RotateAdminApiKeyCommand("k1", "d2", ACTOR, T1))
                .expectEvents(new AdminApiKeyRotatedEvent(TENANT, "k1", ACTOR, T1));
        assertEquals(List.of("digest k1 d2"), writes);
        fixture.given(key("k1", "deploy"))
                .when(new RevokeAdminApiKeyCommand("k1", ACTOR, T1))
                .expectEvents(new AdminApiKeyRevokedEvent(TENANT, "k1", ACTOR, T1));
        writes.clear();
        fixture.given(key("k1", "deploy"), new AdminApiKeyRevokedEvent(TENANT, "k1", ACTOR, T0))
                .when(new RevokeAdminApiKeyCommand("k1", ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
        fixture.given(key("k1", "deploy"), new AdminApiKeyRevokedEvent(TENANT, "k1", ACTOR, T0))
                .when(new RotateAdminApiKeyCommand("k1", "d3", ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
        fixture.given(key("k1", "deploy"))
                .when(new RevokeAdminApiKeyCommand("k9", ACTOR, T1))
                .expectException(scim(404, null));
        assertTrue(writes.isEmpty());
    }

    @Test
    void maintenanceIsRecordedWithWhoAskedForIt() {
        fixture.given(account("admin", "admin"))
                .when(new RecordRepublicationCommand("r1", "tenant-1", T0, ACTOR, T1))
                .expectEvents(new KafkaRepublicationStartedEvent(TENANT, "r1", "tenant-1", T0, ACTOR, T1));
        fixture.given(account("admin", "admin"))
                .when(new RecordProjectionRebuildCommand("b1", "audit-trail", null, ACTOR, T1))
                .expectEvents(new ProjectionRebuildStartedEvent(TENANT, "b1", "audit-trail", null, ACTOR, T1));
        fixture.givenNoPriorActivity()
                .when(new RecordQuarantineRetryCommand("kafka-publisher", 3, 1, ACTOR, T1))
                .expectEvents(new QuarantineRetriedEvent(TENANT, "kafka-publisher", 3, 1, ACTOR, T1));
        assertTrue(writes.isEmpty());
    }
}
