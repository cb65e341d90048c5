package dev.scimledger.command.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.tenant.DeclareSchemaExtensionCommand;
import dev.scimledger.messages.tenant.RemoveSchemaExtensionCommand;
import dev.scimledger.messages.tenant.SchemaExtension;
import dev.scimledger.messages.tenant.SchemaExtensionDeclaredEvent;
import dev.scimledger.messages.tenant.SchemaExtensionRemovedEvent;
import dev.scimledger.scim.schema.DeclaredSchemas;
import dev.scimledger.messages.tenant.ChangeTenantSettingsCommand;
import dev.scimledger.messages.tenant.CreateTenantCommand;
import dev.scimledger.messages.tenant.DeleteTenantCommand;
import dev.scimledger.messages.tenant.IssueTokenCommand;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand.ExistingToken;
import dev.scimledger.messages.tenant.RenameTenantCommand;
import dev.scimledger.messages.tenant.ResumeTenantCommand;
import dev.scimledger.messages.tenant.RevokeTokenCommand;
import dev.scimledger.messages.tenant.RotateTokenCommand;
import dev.scimledger.messages.tenant.SuspendTenantCommand;
import dev.scimledger.messages.tenant.TenantCreatedEvent;
import dev.scimledger.messages.tenant.TenantDeletedEvent;
import dev.scimledger.messages.tenant.TenantRenamedEvent;
import dev.scimledger.messages.tenant.TenantResumedEvent;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.messages.tenant.TenantSettingsChangedEvent;
import dev.scimledger.messages.tenant.TenantSuspendedEvent;
import dev.scimledger.messages.tenant.TenantRegistry;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.messages.tenant.TokenIssuedEvent;
import dev.scimledger.messages.tenant.TokenRevokedEvent;
import dev.scimledger.messages.tenant.TokenRotatedEvent;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static dev.scimledger.command.ScimExceptionMatcher.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule of a tenant and its tokens, given / when / expect, with the registry kept beside the aggregate. */
class TenantTest {

    private static final String ID = "tenant-1";
    private static final String OTHER = "tenant-2";
    private static final String ACTOR = "admin-api";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
    private static final String DIGEST = "sha256-of-the-secret-token";

    private FixtureConfiguration<Tenant> fixture;
    private InMemoryTenantRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        registry = new InMemoryTenantRegistry();
        fixture.registerAnnotatedCommandHandler(new TenantCommandHandler(fixture.getRepository(), registry));
    }

    // ---- given -------------------------------------------------------------------------------------------------

    private static TenantCreatedEvent created() {
        return new TenantCreatedEvent(ID, "Acme", TenantSettings.DEFAULTS, ACTOR, T0);
    }

    private static TokenIssuedEvent issued(String tokenId, Instant expiresAt) {
        return new TokenIssuedEvent(ID, tokenId, "SCIM token", expiresAt, ACTOR, T0);
    }

    private static TokenIssuedEvent issued(String tokenId) {
        return issued(tokenId, T0.plus(365, ChronoUnit.DAYS));
    }

    private static TenantSuspendedEvent suspended() {
        return new TenantSuspendedEvent(ID, null, ACTOR, T0);
    }

    /** The fixture replays events; the registry holds what the same commands would have written beside them. */
    private void registered(String status, TokenIssuedEvent... tokens) {
        registry.tenants.put(ID, new TenantRow("Acme", TenantSettings.DEFAULTS, status, T0, true));
        for (TokenIssuedEvent token : tokens) {
            registry.tokens.put(token.tokenId(), new TokenRow(ID, "digest-of-" + token.tokenId(), token.name(),
                    token.at(), token.expiresAt(), null, null));
        }
    }

    /** {@link TenantSettings#DEFAULTS} with some settings changed: name, value, name, value... */
    private static TenantSettings defaultsWith(Object... changes) {
        RecordComponent[] components = TenantSettings.class.getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(TenantSettings.DEFAULTS);
                for (int c = 0; c < changes.length; c += 2) {
                    if (components[i].getName().equals(changes[c])) {
                        values[i] = changes[c + 1];
                    }
                }
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return TenantSettings.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IssueTokenCommand issue(String tokenId, String name, Integer lifetimeDays) {
        return new IssueTokenCommand(ID, tokenId, name, DIGEST, lifetimeDays, ACTOR, T1);
    }

    private static RotateTokenCommand rotate(String tokenId, Duration overlap, Instant at) {
        return new RotateTokenCommand(ID, tokenId, "tok-new", null, DIGEST, overlap, ACTOR, at);
    }

    // ---- create ------------------------------------------------------------------------------------------------

    @Test
    void creatingRecordsTheDefaultSettingsTheActorAndTheTrimmedName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ID, "  Acme \t", ACTOR, T0))
                .expectEvents(new TenantCreatedEvent(ID, "Acme", TenantSettings.DEFAULTS, ACTOR, T0))
                .expectResultMessagePayload(new TenantView(ID, "Acme", "active", TenantSettings.DEFAULTS, 0));
        assertEquals(Map.of(ID, new TenantRow("Acme", TenantSettings.DEFAULTS, "active", T0, true)), registry.tenants);
        assertTrue(registry.nameLocks > 0, "the name check runs under the name lock");
    }

    @Test
    void aNameOf200CharactersIsAccepted() {
        String name = "n".repeat(Tenant.MAX_NAME_LENGTH);
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ID, " " + name + " ", ACTOR, T0))
                .expectEvents(new TenantCreatedEvent(ID, name, TenantSettings.DEFAULTS, ACTOR, T0));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @MethodSource("invalidNames")
    void invalidNameIsRefused(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ID, name, ACTOR, T0))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertTrue(registry.tenants.isEmpty());
    }

    static Stream<String> invalidNames() {
        return Stream.of("   ", " \t\n ", "n".repeat(Tenant.MAX_NAME_LENGTH + 1), "Acme\u0000Corp", "Acme\nCorp",
                "Acme\tCorp", "Acme\u007F", "Acme\u0085Corp", "\u001BAcme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"active", "suspended"})
    void aNameTakenByAnotherLiveTenantInAnyCaseIsAConflict(String otherStatus) {
        registry.tenants.put(OTHER, new TenantRow("ACME corp", TenantSettings.DEFAULTS, otherStatus, T0, true));
        Map<String, TenantRow> before = Map.copyOf(registry.tenants);
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ID, " acme CORP ", ACTOR, T0))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertEquals(before, registry.tenants);
        assertTrue(registry.tokens.isEmpty());
    }

    @Test
    void theNameOfADeletedTenantIsFreeAgain() {
        registry.tenants.put(OTHER, new TenantRow("Acme", TenantSettings.DEFAULTS, "deleted", T0, true));
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ID, "ACME", ACTOR, T1))
                .expectEvents(new TenantCreatedEvent(ID, "ACME", TenantSettings.DEFAULTS, ACTOR, T1));
        assertEquals("active", registry.tenants.get(ID).status());
    }

    @Test
    void anUnknownTenantAcceptsNoCommand() {
        fixture.givenNoPriorActivity()
                .when(new SuspendTenantCommand(ID, null, ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
        assertTrue(registry.tenants.isEmpty());
    }

    // ---- rename ------------------------------------------------------------------------------------------------

    @Test
    void renamingRecordsThePreviousName() {
        registered("active");
        fixture.given(created())
                .when(new RenameTenantCommand(ID, "  Acme Corp ", ACTOR, T1))
                .expectEvents(new TenantRenamedEvent(ID, "Acme Corp", "Acme", ACTOR, T1))
                .expectResultMessagePayload(new TenantView(ID, "Acme Corp", "active", TenantSettings.DEFAULTS, 1));
        assertEquals("Acme Corp", registry.tenants.get(ID).name());
    }

    @Test
    void renamingToTheSameNameEmitsNothing() {
        registered("active");
        fixture.given(created())
                .when(new RenameTenantCommand(ID, " Acme ", ACTOR, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertEquals("Acme", registry.tenants.get(ID).name());
    }

    @Test
    void renamingToItsOwnNameInAnotherCaseIsARename() {
        registered("active");
        fixture.given(created())
                .when(new RenameTenantCommand(ID, "ACME", ACTOR, T1))
                .expectEvents(new TenantRenamedEvent(ID, "ACME", "Acme", ACTOR, T1));
        assertEquals("ACME", registry.tenants.get(ID).name());
    }

    @Test
    void renamingToANameTakenByAnotherTenantInAnyCaseIsAConflict() {
        registered("active");
        registry.tenants.put(OTHER, new TenantRow("Globex", TenantSettings.DEFAULTS, "active", T0, true));
        Map<String, TenantRow> before = Map.copyOf(registry.tenants);
        fixture.given(created())
                .when(new RenameTenantCommand(ID, "GLOBEX", ACTOR, T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertEquals(before, registry.tenants);
    }

    @Test
    void renamingToAnInvalidNameIsRefused() {
        registered("active");
        fixture.given(created())
                .when(new RenameTenantCommand(ID, "Acme\u0000", ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertEquals("Acme", registry.tenants.get(ID).name());
    }

    // ---- settings ----------------------------------------------------------------------------------------------

    @Test
    void changingSettingsListsExactlyTheChangedOnes() {
        registered("active");
        TenantSettings next = defaultsWith("groupPolicy", "existing", "maxResults", 200, "tokenLifetimeDays", 90);
        fixture.given(created())
                .when(new ChangeTenantSettingsCommand(ID, next, ACTOR, T1))
                .expectEvents(new TenantSettingsChangedEvent(ID, next,
                        List.of("groupPolicy", "tokenLifetimeDays", "maxResults"), ACTOR, T1))
                .expectResultMessagePayload(new TenantView(ID, "Acme", "active", next, 1));
        assertEquals(next, registry.tenants.get(ID).settings());
    }

    @Test
    void settingsEqualToTheCurrentOnesEmitNothing() {
        registered("active");
        fixture.given(created())
                .when(new ChangeTenantSettingsCommand(ID, defaultsWith(), ACTOR, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theRateLimitMayGoBackToTheInstanceDefault() {
        TenantSettings limited = defaultsWith("rateLimitPerSecond", 50);
        fixture.given(created(), new TenantSettingsChangedEvent(ID, limited, List.of("rateLimitPerSecond"), ACTOR, T0))
                .when(new ChangeTenantSettingsCommand(ID, defaultsWith("rateLimitPerSecond", null), ACTOR, T1))
                .expectEvents(new TenantSettingsChangedEvent(ID, TenantSettings.DEFAULTS, List.of("rateLimitPerSecond"),
                        ACTOR, T1));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfBounds")
    void aSettingOutOfBoundsIsRefused(String setting, Object value) {
        registered("active");
        fixture.given(created())
                .when(new ChangeTenantSettingsCommand(ID, defaultsWith(setting, value), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertEquals(TenantSettings.DEFAULTS, registry.tenants.get(ID).settings());
    }

    static Stream<Arguments> outOfBounds() {
        return Stream.of(
                arguments("groupPolicy", "manual"),
                arguments("groupPolicy", ""),
                arguments("rateLimitPerSecond", 0),
                arguments("rateLimitPerSecond", -1),
                arguments("rateLimitPerSecond", 100_001),
                arguments("tokenLifetimeDays", 0),
                arguments("tokenLifetimeDays", 1826),
                arguments("tokenExpiryWarningDays", -1),
                arguments("tokenExpiryWarningDays", 366),
                arguments("maxPatchOperations", 0),
                arguments("maxPatchOperations", 10_001),
                arguments("maxBulkOperations", 0),
                arguments("maxBulkOperations", 10_001),
                arguments("maxResults", 0),
                arguments("maxResults", 10_001));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("atTheBounds")
    void aSettingAtItsBoundIsAccepted(String setting, Object value) {
        TenantSettings next = defaultsWith(setting, value);
        fixture.given(created())
                .when(new ChangeTenantSettingsCommand(ID, next, ACTOR, T1))
                .expectEvents(new TenantSettingsChangedEvent(ID, next, List.of(setting), ACTOR, T1));
    }

    static Stream<Arguments> atTheBounds() {
        return Stream.of(
                arguments("groupPolicy", "existing"),
                arguments("workEmailImmutable", false),
                arguments("rateLimitPerSecond", 1),
                arguments("rateLimitPerSecond", 100_000),
                arguments("tokenLifetimeDays", 1825),
                arguments("tokenExpiryWarningDays", 0),
                arguments("tokenExpiryWarningDays", 365),
                arguments("maxPatchOperations", 1),
                arguments("maxPatchOperations", 10_000),
                arguments("maxBulkOperations", 1),
                arguments("maxBulkOperations", 10_000),
                arguments("maxResults", 1),
                arguments("maxResults", 10_000));
    }

    @Test
    void theExpiryWarningMayNotExceedTheLifetimeWhenBothChange() {
        fixture.given(created())
                .when(new ChangeTenantSettingsCommand(ID,
                        defaultsWith("tokenLifetimeDays", 10, "tokenExpiryWarningDays", 11), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    // ---- suspend / resume --------------------------------------------------------------------------------------

    @Test
    void suspendingRecordsTheReason() {
        registered("active");
        fixture.given(created())
                .when(new SuspendTenantCommand(ID, "  unpaid invoice ", ACTOR, T1))
                .expectEvents(new TenantSuspendedEvent(ID, "unpaid invoice", ACTOR, T1))
                .expectResultMessagePayload(new TenantView(ID, "Acme", "suspended", TenantSettings.DEFAULTS, 1));
        assertEquals("suspended", registry.tenants.get(ID).status());
    }

    @Test
    void suspendingASuspendedTenantEmitsNothing() {
        registered("suspended");
        fixture.given(created(), suspended())
                .when(new SuspendTenantCommand(ID, "again", ACTOR, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertEquals("suspended", registry.tenants.get(ID).status());
    }

    @Test
    void aSuspensionReasonOver1000CharactersIsRefused() {
        registered("active");
        fixture.given(created())
                .when(new SuspendTenantCommand(ID, "r".repeat(1001), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertEquals("active", registry.tenants.get(ID).status());
    }

    @Test
    void resumingASuspendedTenant() {
        registered("suspended");
        fixture.given(created(), suspended())
                .when(new ResumeTenantCommand(ID, ACTOR, T1))
                .expectEvents(new TenantResumedEvent(ID, ACTOR, T1))
                .expectResultMessagePayload(new TenantView(ID, "Acme", "active", TenantSettings.DEFAULTS, 2));
        assertEquals("active", registry.tenants.get(ID).status());
    }

    @Test
    void resumingAnActiveTenantEmitsNothing() {
        registered("active");
        fixture.given(created(), suspended(), new TenantResumedEvent(ID, ACTOR, T0))
                .when(new ResumeTenantCommand(ID, ACTOR, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertEquals("active", registry.tenants.get(ID).status());
    }

    // ---- delete ------------------------------------------------------------------------------------------------

    @Test
    void anActiveTenantCannotBeDeleted() {
        registered("active", issued("tok-1"));
        Map<String, TenantRow> tenantsBefore = Map.copyOf(registry.tenants);
        Map<String, TokenRow> tokensBefore = Map.copyOf(registry.tokens);
        fixture.given(created(), issued("tok-1"))
                .when(new DeleteTenantCommand(ID, ACTOR, T1))
                .expectException(scim(409, null))
                .expectNoEvents();
        assertEquals(tenantsBefore, registry.tenants);
        assertEquals(tokensBefore, registry.tokens);
    }

    @Test
    void aResumedTenantCannotBeDeleted() {
        fixture.given(created(), suspended(), new TenantResumedEvent(ID, ACTOR, T0))
                .when(new DeleteTenantCommand(ID, ACTOR, T1))
                .expectException(scim(409, null))
                .expectNoEvents();
    }

    @Test
    void deletingASuspendedTenantRevokesItsTokensInTheRegistry() {
        registered("suspended", issued("tok-1"), issued("tok-2"));
        registry.tokens.computeIfPresent("tok-2", (id, t) -> t.revoked(T0));
        fixture.given(created(), issued("tok-1"), issued("tok-2"), suspended(),
                        new TokenRevokedEvent(ID, "tok-2", ACTOR, T0))
                .when(new DeleteTenantCommand(ID, ACTOR, T1))
                .expectEvents(new TenantDeletedEvent(ID, ACTOR, T1))
                .expectResultMessagePayloadMatching(tenantWithStatus("deleted"));
        assertEquals("deleted", registry.tenants.get(ID).status());
        assertEquals(T1, registry.tokens.get("tok-1").revokedAt());
        assertEquals(T0, registry.tokens.get("tok-2").revokedAt(), "an earlier revocation stays as it was");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void aDeletedTenantAcceptsNoCommand(String label, Object command) {
        registry.tenants.put(ID, new TenantRow("Acme", TenantSettings.DEFAULTS, "deleted", T0, true));
        registry.tenants.put(OTHER, new TenantRow("Globex", TenantSettings.DEFAULTS, "active", T0, true));
        registry.tokens.put("tok-1", new TokenRow(ID, "d", "SCIM token", T0, T0.plus(365, ChronoUnit.DAYS), T0, null));
        Map<String, TenantRow> tenantsBefore = Map.copyOf(registry.tenants);
        Map<String, TokenRow> tokensBefore = Map.copyOf(registry.tokens);
        fixture.given(created(), issued("tok-1"), suspended(), new TenantDeletedEvent(ID, ACTOR, T0))
                .when(command)
                .expectException(scim(404, null))
                .expectNoEvents();
        assertEquals(tenantsBefore, registry.tenants);
        assertEquals(tokensBefore, registry.tokens);
    }

    static Stream<Arguments> everyCommand() {
        return Stream.of(
                arguments("rename", new RenameTenantCommand(ID, "Initech", ACTOR, T1)),
                arguments("rename to a taken name", new RenameTenantCommand(ID, "Globex", ACTOR, T1)),
                arguments("rename to an invalid name", new RenameTenantCommand(ID, " ", ACTOR, T1)),
                arguments("settings", new ChangeTenantSettingsCommand(ID, defaultsWith("maxResults", 5), ACTOR, T1)),
                arguments("suspend", new SuspendTenantCommand(ID, null, ACTOR, T1)),
                arguments("resume", new ResumeTenantCommand(ID, ACTOR, T1)),
                arguments("delete", new DeleteTenantCommand(ID, ACTOR, T1)),
                arguments("issue", issue("tok-2", null, null)),
                arguments("revoke", new RevokeTokenCommand(ID, "tok-1", ACTOR, T1)),
                arguments("rotate", rotate("tok-1", Duration.ofHours(1), T1)));
    }

    // ---- issue -------------------------------------------------------------------------------------------------

    @Test
    void issuingATokenExpiresAfterTheTenantsLifetimeAndKeepsTheDigestOutOfTheEvent() {
        registered("active");
        Instant expiresAt = T1.plus(365, ChronoUnit.DAYS);
        fixture.given(created())
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", expiresAt, ACTOR, T1))
                .expectEventsMatching(noEventCarries(DIGEST))
                .expectResultMessagePayload(new IssuedTokenView(ID, "tok-1", "SCIM token", T1, expiresAt, null));
        assertEquals(new TokenRow(ID, DIGEST, "SCIM token", T1, expiresAt, null, null), registry.tokens.get("tok-1"));
        assertTrue(Arrays.stream(TokenIssuedEvent.class.getRecordComponents())
                .noneMatch(c -> c.getName().toLowerCase(Locale.ROOT).contains("digest")));
    }

    @Test
    void aBlankTokenNameIsTheDefaultName() {
        fixture.given(created())
                .when(issue("tok-1", "   ", null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void aTokenNameIsTrimmedAndAShorterLifetimeHonoured() {
        fixture.given(created())
                .when(issue("tok-1", "  Entra ID  ", 30))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "Entra ID", T1.plus(30, ChronoUnit.DAYS), ACTOR, T1));
        assertEquals("Entra ID", registry.tokens.get("tok-1").name());
    }

    @Test
    void aLifetimeEqualToTheTenantsIsAccepted() {
        fixture.given(created())
                .when(issue("tok-1", null, 365))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void theDefaultLifetimeFollowsTheTenantsSettings() {
        TenantSettings shorter = defaultsWith("tokenLifetimeDays", 90);
        fixture.given(created(), new TenantSettingsChangedEvent(ID, shorter, List.of("tokenLifetimeDays"), ACTOR, T0))
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(90, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void aLifetimeAboveTheTenantsChangedLifetimeIsRefused() {
        TenantSettings shorter = defaultsWith("tokenLifetimeDays", 90);
        fixture.given(created(), new TenantSettingsChangedEvent(ID, shorter, List.of("tokenLifetimeDays"), ACTOR, T0))
                .when(issue("tok-1", null, 91))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertTrue(registry.tokens.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 366})
    void aLifetimeOutsideOneToTheTenantsLifetimeIsRefused(int lifetimeDays) {
        fixture.given(created())
                .when(issue("tok-1", null, lifetimeDays))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertTrue(registry.tokens.isEmpty());
    }

    @Test
    void anInvalidTokenNameIsRefused() {
        fixture.given(created())
                .when(issue("tok-1", "CI\u0000", null))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertTrue(registry.tokens.isEmpty());
    }

    @Test
    void aSuspendedTenantMayStillBeIssuedATokenForWhenItIsResumed() {
        fixture.given(created(), suspended())
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    private static List<Object> history(int liveTokens, Object... more) {
        List<Object> events = new ArrayList<>();
        events.add(created());
        for (int i = 0; i < liveTokens; i++) {
            events.add(issued("live-" + i));
        }
        events.addAll(List.of(more));
        return events;
    }

    @Test
    void aHundredWorkingTokensIsTheMost() {
        fixture.given(history(Tenant.MAX_LIVE_TOKENS))
                .when(issue("tok-1", null, null))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertTrue(registry.tokens.isEmpty());
    }

    @Test
    void theHundredthTokenMayBeIssued() {
        fixture.given(history(Tenant.MAX_LIVE_TOKENS - 1))
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void aRevokedTokenDoesNotCountTowardsTheLimit() {
        fixture.given(history(Tenant.MAX_LIVE_TOKENS, new TokenRevokedEvent(ID, "live-7", ACTOR, T0)))
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void anExpiredTokenDoesNotCountTowardsTheLimit() {
        fixture.given(history(Tenant.MAX_LIVE_TOKENS - 1, issued("expired", T1)))
                .when(issue("tok-1", null, null))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", T1.plus(365, ChronoUnit.DAYS), ACTOR, T1));
    }

    @Test
    void aRotatedTokenPastItsOverlapDoesNotCountTowardsTheLimit() {
        Instant later = T1.plus(2, ChronoUnit.DAYS);
        fixture.given(history(Tenant.MAX_LIVE_TOKENS - 1, new TokenRotatedEvent(ID, "live-0", "live-new", "SCIM token",
                        T1.plus(365, ChronoUnit.DAYS), T1.plus(1, ChronoUnit.HOURS), ACTOR, T1)))
                .when(new IssueTokenCommand(ID, "tok-1", null, DIGEST, null, ACTOR, later))
                .expectEvents(new TokenIssuedEvent(ID, "tok-1", "SCIM token", later.plus(365, ChronoUnit.DAYS), ACTOR,
                        later));
    }

    // ---- revoke ------------------------------------------------------------------------------------------------

    @Test
    void revokingAToken() {
        registered("active", issued("tok-1"));
        fixture.given(created(), issued("tok-1"))
                .when(new RevokeTokenCommand(ID, "tok-1", ACTOR, T1))
                .expectEvents(new TokenRevokedEvent(ID, "tok-1", ACTOR, T1));
        assertEquals(T1, registry.tokens.get("tok-1").revokedAt());
    }

    @Test
    void revokingAnUnknownTokenIsNotFound() {
        fixture.given(created(), issued("tok-1"))
                .when(new RevokeTokenCommand(ID, "tok-9", ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void revokingARevokedTokenEmitsNothing() {
        registered("active", issued("tok-1"));
        registry.tokens.computeIfPresent("tok-1", (id, t) -> t.revoked(T0));
        fixture.given(created(), issued("tok-1"), new TokenRevokedEvent(ID, "tok-1", ACTOR, T0))
                .when(new RevokeTokenCommand(ID, "tok-1", ACTOR, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertEquals(T0, registry.tokens.get("tok-1").revokedAt());
    }

    @Test
    void anExpiredTokenMayStillBeRevoked() {
        fixture.given(created(), issued("tok-1", T0.plus(1, ChronoUnit.HOURS)))
                .when(new RevokeTokenCommand(ID, "tok-1", ACTOR, T1))
                .expectEvents(new TokenRevokedEvent(ID, "tok-1", ACTOR, T1));
    }

    // ---- rotate ------------------------------------------------------------------------------------------------

    @Test
    void rotatingKeepsTheOldTokenForTheOverlapAndTheDigestOutOfTheEvent() {
        registered("active", issued("tok-1"));
        Instant oldValidUntil = T1.plus(1, ChronoUnit.HOURS);
        Instant newExpiresAt = T1.plus(365, ChronoUnit.DAYS);
        fixture.given(created(), issued("tok-1"))
                .when(rotate("tok-1", Duration.ofHours(1), T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-1", "tok-new", "SCIM token", newExpiresAt, oldValidUntil,
                        ACTOR, T1))
                .expectEventsMatching(noEventCarries(DIGEST))
                .expectResultMessagePayload(new IssuedTokenView(ID, "tok-new", "SCIM token", T1, newExpiresAt,
                        oldValidUntil));
        assertEquals(new TokenRow(ID, DIGEST, "SCIM token", T1, newExpiresAt, null, null), registry.tokens.get("tok-new"));
        assertEquals(new TokenRow(ID, "digest-of-tok-1", "SCIM token", T0, oldValidUntil, null, "tok-new"),
                registry.tokens.get("tok-1"));
        assertTrue(Arrays.stream(TokenRotatedEvent.class.getRecordComponents())
                .noneMatch(c -> c.getName().toLowerCase(Locale.ROOT).contains("digest")));
    }

    @Test
    void theNewTokenMayBeRenamedAndExpiresAfterTheTenantsLifetime() {
        TenantSettings shorter = defaultsWith("tokenLifetimeDays", 30);
        fixture.given(created(), issued("tok-1"),
                        new TenantSettingsChangedEvent(ID, shorter, List.of("tokenLifetimeDays"), ACTOR, T0))
                .when(new RotateTokenCommand(ID, "tok-1", "tok-new", "  Entra 2026 ", DIGEST, Duration.ZERO, ACTOR, T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-1", "tok-new", "Entra 2026", T1.plus(30, ChronoUnit.DAYS),
                        T1, ACTOR, T1));
    }

    @Test
    void theOverlapIsCappedAtTheOldTokensExpiry() {
        Instant oldExpiry = T1.plus(2, ChronoUnit.HOURS);
        fixture.given(created(), issued("tok-1", oldExpiry))
                .when(rotate("tok-1", Duration.ofHours(24), T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-1", "tok-new", "SCIM token", T1.plus(365, ChronoUnit.DAYS),
                        oldExpiry, ACTOR, T1));
    }

    @Test
    void anOverlapOf24HoursIsAccepted() {
        fixture.given(created(), issued("tok-1"))
                .when(rotate("tok-1", Duration.ofHours(24), T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-1", "tok-new", "SCIM token", T1.plus(365, ChronoUnit.DAYS),
                        T1.plus(24, ChronoUnit.HOURS), ACTOR, T1));
    }

    @ParameterizedTest
    @MethodSource("invalidOverlaps")
    void anOverlapOutsideZeroTo24HoursIsRefused(Duration overlap) {
        registered("active", issued("tok-1"));
        Map<String, TokenRow> before = Map.copyOf(registry.tokens);
        fixture.given(created(), issued("tok-1"))
                .when(rotate("tok-1", overlap, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertEquals(before, registry.tokens);
    }

    static Stream<Duration> invalidOverlaps() {
        return Stream.of(Duration.ofHours(24).plusSeconds(1), Duration.ofHours(25), Duration.ofSeconds(-1), null);
    }

    @Test
    void rotatingARevokedTokenIsAConflict() {
        fixture.given(created(), issued("tok-1"), new TokenRevokedEvent(ID, "tok-1", ACTOR, T0))
                .when(rotate("tok-1", Duration.ofHours(1), T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
        assertTrue(registry.tokens.isEmpty());
    }

    @Test
    void rotatingAnExpiredTokenIsAConflict() {
        fixture.given(created(), issued("tok-1", T1))
                .when(rotate("tok-1", Duration.ofHours(1), T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    @Test
    void rotatingARotatedTokenIsAConflictEvenWithinItsOverlap() {
        fixture.given(created(), issued("tok-1"), new TokenRotatedEvent(ID, "tok-1", "tok-2", "SCIM token",
                        T0.plus(365, ChronoUnit.DAYS), T0.plus(24, ChronoUnit.HOURS), ACTOR, T0))
                .when(rotate("tok-1", Duration.ofHours(1), T0.plus(1, ChronoUnit.HOURS)))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    @Test
    void rotatingAnUnknownTokenIsNotFound() {
        fixture.given(created(), issued("tok-1"))
                .when(rotate("tok-9", Duration.ofHours(1), T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void theNewTokenIsRevocable() {
        fixture.given(created(), issued("tok-1"), new TokenRotatedEvent(ID, "tok-1", "tok-2", "SCIM token",
                        T0.plus(365, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.HOURS), ACTOR, T0))
                .when(new RevokeTokenCommand(ID, "tok-2", ACTOR, T1))
                .expectEvents(new TokenRevokedEvent(ID, "tok-2", ACTOR, T1));
    }

    @Test
    void theNewTokenMayBeRotatedInTurn() {
        fixture.given(created(), issued("tok-1"), new TokenRotatedEvent(ID, "tok-1", "tok-2", "SCIM token",
                        T0.plus(365, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.HOURS), ACTOR, T0))
                .when(new RotateTokenCommand(ID, "tok-2", "tok-3", null, DIGEST, Duration.ZERO, ACTOR, T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-2", "tok-3", "SCIM token", T1.plus(365, ChronoUnit.DAYS),
                        T1, ACTOR, T1));
    }

    // ---- record existing ---------------------------------------------------------------------------------------

    @Test
    void anExistingTenantIsRecordedWithItsTokens() {
        registry.tenants.put(ID, new TenantRow("Acme", TenantSettings.DEFAULTS, "active", T0, false));
        TenantSettings settings = defaultsWith("groupPolicy", "existing", "rateLimitPerSecond", 20);
        Instant createdA = T0.plus(1, ChronoUnit.DAYS);
        Instant createdB = T0.plus(2, ChronoUnit.DAYS);
        fixture.givenNoPriorActivity()
                .when(new RecordExistingTenantCommand(ID, " Acme ", settings, T0, List.of(
                        new ExistingToken("tok-a", "Okta", createdA, createdA.plus(365, ChronoUnit.DAYS)),
                        new ExistingToken("tok-b", "Entra", createdB, createdB.plus(30, ChronoUnit.DAYS)))))
                .expectEvents(new TenantCreatedEvent(ID, "Acme", settings, "upgrade", T0),
                        new TokenIssuedEvent(ID, "tok-a", "Okta", createdA.plus(365, ChronoUnit.DAYS), "upgrade", createdA),
                        new TokenIssuedEvent(ID, "tok-b", "Entra", createdB.plus(30, ChronoUnit.DAYS), "upgrade", createdB))
                .expectResultMessagePayload(new TenantView(ID, "Acme", "active", settings, 2));
        assertTrue(registry.tenants.get(ID).recorded());
    }

    @Test
    void anExistingTenantWithoutTokensIsRecordedByItsCreationAlone() {
        fixture.givenNoPriorActivity()
                .when(new RecordExistingTenantCommand(ID, "Acme", TenantSettings.DEFAULTS, T0, List.of()))
                .expectEventsMatching(exactSequenceOf(payload(new TenantCreatedEvent(ID, "Acme", TenantSettings.DEFAULTS,
                        "upgrade", T0)), andNoMore()));
    }

    @Test
    void anExistingTenantWithSettingsOutOfBoundsIsRefused() {
        registry.tenants.put(ID, new TenantRow("Acme", TenantSettings.DEFAULTS, "active", T0, false));
        fixture.givenNoPriorActivity()
                .when(new RecordExistingTenantCommand(ID, "Acme", defaultsWith("maxResults", 0), T0, List.of()))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        assertFalse(registry.tenants.get(ID).recorded());
    }

    @Test
    void aRecordedTenantFollowsTheRulesOfAnyOther() {
        fixture.given(new TenantCreatedEvent(ID, "Acme", TenantSettings.DEFAULTS, "upgrade", T0),
                        new TokenIssuedEvent(ID, "tok-a", "Okta", T0.plus(10, ChronoUnit.DAYS), "upgrade", T0))
                .when(rotate("tok-a", Duration.ofHours(1), T1))
                .expectEvents(new TokenRotatedEvent(ID, "tok-a", "tok-new", "Okta", T1.plus(365, ChronoUnit.DAYS),
                        T1.plus(1, ChronoUnit.HOURS), ACTOR, T1));
    }

    // ---- matchers ----------------------------------------------------------------------------------------------

    private static Matcher<TenantView> tenantWithStatus(String status) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(TenantView view) {
                return status.equals(view.status());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a tenant " + status);
            }
        };
    }

    private static Matcher<EventMessage<?>> payload(Object expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(EventMessage<?> event) {
                return expected.equals(event.getPayload());
            }

            @Override
            public void describeTo(Description description) {
                description.appendValue(expected);
            }
        };
    }

    /** No field of any event, nor its metadata, holds {@code secret}. */
    private static Matcher<List<EventMessage<?>>> noEventCarries(String secret) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                for (EventMessage<?> event : events) {
                    Object payload = event.getPayload();
                    for (RecordComponent component : payload.getClass().getRecordComponents()) {
                        try {
                            if (String.valueOf(component.getAccessor().invoke(payload)).contains(secret)) {
                                return false;
                            }
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    if (event.getMetaData().toString().contains(secret)) {
                        return false;
                    }
                }
                return !events.isEmpty();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events that do not carry " + secret);
            }
        };
    }

    // ---- the registry ------------------------------------------------------------------------------------------

    record TenantRow(String name, TenantSettings settings, String status, Instant created, boolean recorded) {
        TenantRow with(String name, TenantSettings settings, String status, boolean recorded) {
            return new TenantRow(name, settings, status, created, recorded);
        }
    }

    record TokenRow(String tenantId, String digest, String name, Instant created, Instant expiresAt, Instant revokedAt,
                    String replacedBy) {
        TokenRow revoked(Instant at) {
            return revokedAt != null ? this : new TokenRow(tenantId, digest, name, created, expiresAt, at, replacedBy);
        }
    }

    /** The tenant and token tables' contract, kept in memory for the aggregate's unit tests only. */
    // ---- schema extensions -------------------------------------------------------------------------------------

    private static final String URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

    private static ObjectNode schema(String attributes) {
        try {
            return (ObjectNode) new ObjectMapper().readTree("{\"id\":\"" + URN + "\",\"attributes\":" + attributes + "}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The declaration as the aggregate records it: read by DeclaredSchemas and rendered as /Schemas shows it. */
    private static ObjectNode canonical(String attributes) {
        return DeclaredSchemas.parse(schema(attributes)).toJson();
    }

    private static SchemaExtensionDeclaredEvent declared(String attributes, String... changed) {
        return new SchemaExtensionDeclaredEvent(ID, "User", URN, canonical(attributes), List.of(changed), ACTOR, T0);
    }

    @Test
    void aDeclarationIsRecordedAsSchemasWillShowItWithEveryAttributeNamed() {
        String attributes = "[{\"name\":\"badge\"},{\"name\":\"remote\",\"type\":\"boolean\"}]";
        registered("active");
        fixture.given(created())
                .when(new DeclareSchemaExtensionCommand(ID, "user", schema(attributes), ACTOR, T1))
                .expectEvents(new SchemaExtensionDeclaredEvent(ID, "User", URN, canonical(attributes),
                        List.of("badge", "remote"), ACTOR, T1));
        assertEquals(List.of(new SchemaExtension("User", canonical(attributes))), registry.extensions.get(ID));
    }

    @Test
    void theSameDeclarationAgainRecordsNothing() {
        String attributes = "[{\"name\":\"badge\"}]";
        fixture.given(created(), declared(attributes, "badge"))
                .when(new DeclareSchemaExtensionCommand(ID, "User", schema(attributes), ACTOR, T1))
                .expectNoEvents();
    }

    @Test
    void aChangedDeclarationNamesWhatWasAddedChangedAndRemoved() {
        String before = "[{\"name\":\"badge\"},{\"name\":\"remote\",\"type\":\"boolean\"}]";
        String after = "[{\"name\":\"badge\",\"caseExact\":true},{\"name\":\"nickname\"}]";
        fixture.given(created(), declared(before, "badge", "remote"))
                .when(new DeclareSchemaExtensionCommand(ID, "User", schema(after), ACTOR, T1))
                .expectEvents(new SchemaExtensionDeclaredEvent(ID, "User", URN, canonical(after),
                        List.of("badge", "nickname", "remote"), ACTOR, T1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "[{\"name\":\"badge\",\"type\":\"integer\"}]",
            "[{\"name\":\"badge\",\"multiValued\":true}]",
            "[{\"name\":\"Badge\"}]"})
    void anAttributeThatStaysKeepsItsTypePluralityAndSpelling(String after) {
        fixture.given(created(), declared("[{\"name\":\"badge\"}]", "badge"))
                .when(new DeclareSchemaExtensionCommand(ID, "User", schema(after), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "[{\"name\":\"badge\",\"uniqueness\":\"server\"}]",
            "[{\"name\":\"badge\",\"mutability\":\"writeOnly\"}]",
            "[{\"name\":\"badge\",\"required\":true,\"mutability\":\"readOnly\"}]",
            "[{\"name\":\"o\",\"type\":\"complex\",\"subAttributes\":[{\"name\":\"a\",\"mutability\":\"immutable\"}]}]",
            "[{\"name\":\"badge\",\"type\":\"text\"}]",
            "[]"})
    void whatTheServiceWouldNotHonourIsNotDeclared(String attributes) {
        fixture.given(created())
                .when(new DeclareSchemaExtensionCommand(ID, "User", schema(attributes), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void aUrnExtendsOneResourceTypeAndTheTypeIsUserOrGroup() {
        fixture.given(created(), declared("[{\"name\":\"badge\"}]", "badge"))
                .when(new DeclareSchemaExtensionCommand(ID, "Group", schema("[{\"name\":\"badge\"}]"), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
        fixture.given(created())
                .when(new DeclareSchemaExtensionCommand(ID, "Device", schema("[{\"name\":\"badge\"}]"), ACTOR, T1))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void aTenantHasAtMostTwentyExtensions() {
        List<Object> given = new ArrayList<>(List.of(created()));
        for (int i = 0; i < Tenant.MAX_EXTENSIONS; i++) {
            String urn = "urn:acme:scim:extension" + i;
            given.add(new SchemaExtensionDeclaredEvent(ID, "User", urn, canonical("[{\"name\":\"a\"}]").put("id", urn),
                    List.of("a"), ACTOR, T0));
        }
        fixture.given(given)
                .when(new DeclareSchemaExtensionCommand(ID, "User", schema("[{\"name\":\"a\"}]"), ACTOR, T1))
                .expectException(scim(409, null))
                .expectNoEvents();
    }

    @Test
    void aRemovedExtensionLeavesTheRegistryAndAnUnknownOneIsNotFound() {
        registered("active");
        fixture.given(created(), declared("[{\"name\":\"badge\"}]", "badge"))
                .when(new RemoveSchemaExtensionCommand(ID, URN.toUpperCase(Locale.ROOT), ACTOR, T1))
                .expectEvents(new SchemaExtensionRemovedEvent(ID, "User", URN, ACTOR, T1));
        assertEquals(List.of(), registry.extensions.get(ID));
        fixture.given(created())
                .when(new RemoveSchemaExtensionCommand(ID, URN, ACTOR, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    static final class InMemoryTenantRegistry implements TenantRegistry {
        final Map<String, TenantRow> tenants = new LinkedHashMap<>();
        final Map<String, TokenRow> tokens = new LinkedHashMap<>();
        final Map<String, List<SchemaExtension>> extensions = new LinkedHashMap<>();
        int nameLocks;

        @Override
        public void lockNames() {
            nameLocks++;
        }

        @Override
        public boolean nameTaken(String name, String exceptTenantId) {
            return tenants.entrySet().stream().anyMatch(e -> !e.getKey().equals(exceptTenantId)
                    && !"deleted".equals(e.getValue().status())
                    && e.getValue().name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public void insertTenant(String tenantId, String name, TenantSettings settings, Instant createdAt) {
            if (tenants.putIfAbsent(tenantId, new TenantRow(name, settings, "active", createdAt, true)) != null) {
                throw new IllegalStateException("duplicate key: tenant " + tenantId);
            }
        }

        @Override
        public void update(TenantView tenant) {
            tenants.computeIfPresent(tenant.tenantId(),
                    (id, t) -> t.with(tenant.name(), tenant.settings(), tenant.status(), t.recorded()));
            extensions.put(tenant.tenantId(), tenant.extensions());
        }

        @Override
        public void delete(String tenantId, Instant at) {
            tenants.computeIfPresent(tenantId, (id, t) -> t.with(t.name(), t.settings(), "deleted", t.recorded()));
            tokens.replaceAll((id, t) -> t.tenantId().equals(tenantId) ? t.revoked(at) : t);
        }

        @Override
        public void insertToken(String tenantId, String tokenId, String digest, String name, Instant createdAt,
                                Instant expiresAt) {
            if (tokens.putIfAbsent(tokenId, new TokenRow(tenantId, digest, name, createdAt, expiresAt, null, null)) != null) {
                throw new IllegalStateException("duplicate key: token " + tokenId);
            }
        }

        @Override
        public void revokeToken(String tenantId, String tokenId, Instant at) {
            tokens.computeIfPresent(tokenId, (id, t) -> t.tenantId().equals(tenantId) ? t.revoked(at) : t);
        }

        @Override
        public void replaceToken(String tenantId, String tokenId, String newTokenId, Instant validUntil) {
            tokens.computeIfPresent(tokenId, (id, t) -> t.tenantId().equals(tenantId)
                    ? new TokenRow(t.tenantId(), t.digest(), t.name(), t.created(), validUntil, t.revokedAt(), newTokenId)
                    : t);
        }

        @Override
        public void markRecorded(String tenantId) {
            tenants.computeIfPresent(tenantId, (id, t) -> t.with(t.name(), t.settings(), t.status(), true));
        }
    }
}
