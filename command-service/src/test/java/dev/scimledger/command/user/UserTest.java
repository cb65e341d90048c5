package dev.scimledger.command.user;

import dev.scimledger.scim.patch.PatchRequest;
import dev.scimledger.scim.patch.PatchOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.EraseUserCommand;
import dev.scimledger.messages.user.UserErasedEvent;
import dev.scimledger.messages.user.UserErasure;
import dev.scimledger.messages.user.ImportUserCommand;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.UserAdoptedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserDeletedEvent;
import dev.scimledger.messages.user.UserImportedEvent;
import dev.scimledger.messages.user.UserReactivatedEvent;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.scimledger.command.ScimExceptionMatcher.scim;

/** Every invariant of the {@link User} aggregate, given / when / expect. */
class UserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tenant-1";
    private static final String ID = "user-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    private FixtureConfiguration<User> fixture;
    private InMemoryClaims claims;
    private final List<String> erasures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        claims = new InMemoryClaims();
        fixture.registerAnnotatedCommandHandler(new UserCommandHandler(fixture.getRepository(), claims, (tenant, member, at) -> { },
                (tenant, person, at) -> erasures.add(person)));
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode jane() {
        return json("{'userName':'jane@example.com','name':{'givenName':'Jane','familyName':'Doe'},"
                + "'emails':[{'value':'jane@example.com','type':'work','primary':true}],'externalId':'e-1'}");
    }

    private UserCreatedEvent created() {
        return new UserCreatedEvent(TENANT, ID, "jane@example.com", jane(), true, T0);
    }

    private static JsonNode patch(String operations) {
        return json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':" + operations + "}");
    }

    /** The operations of a PATCH request, parsed as the gateway parses them before any command exists. */
    private static List<PatchOperation> ops(String operations) {
        return PatchRequest.parse(patch(operations));
    }

    private PatchUserCommand patchCommand(String operations) {
        return new PatchUserCommand(ID, TENANT, ops(operations), null, T1);
    }

    @Test
    void canCreateUser() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserCommand(ID, TENANT, jane(), true, T0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created());
    }

    @Test
    void cannotCreateUserWithoutUserName() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserCommand(ID, TENANT, json("{'displayName':'x'}"), true, T0))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void cannotCreateSecondUserWithSameUserNameInAnyCase() {
        claims.claim(TENANT, "jane@example.com", ID);
        ObjectNode shouting = jane().put("userName", "JANE@EXAMPLE.COM");
        fixture.given(created())
                .when(new CreateUserCommand("second-user", TENANT, shouting, true, T0))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    private UserImportedEvent imported() {
        return new UserImportedEvent(TENANT, ID, "jane@example.com", jane(), true, T0);
    }

    @Test
    void canImportExistingAccount() {
        fixture.givenNoPriorActivity()
                .when(new ImportUserCommand(ID, TENANT, jane(), true, T0))
                .expectEvents(imported());
    }

    @Test
    void createWithSameUserNameAndWorkEmailAdoptsImportedAccount() {
        claims.claim(TENANT, "jane@example.com", ID);
        ObjectNode sent = jane().put("displayName", "Jane from Entra");
        fixture.given(imported())
                .when(new CreateUserCommand("new-id", TENANT, sent, true, T1))
                .expectEvents(new UserAdoptedEvent(TENANT, ID, T1),
                        new UserAttributesChangedEvent(TENANT, ID, sent, List.of("displayName"), T1));
    }

    @Test
    void createWithSameUserNameButOtherEmailNamesTheMismatch() {
        claims.claim(TENANT, "jane@example.com", ID);
        ObjectNode sent = jane();
        ((ObjectNode) sent.get("emails").get(0)).put("value", "jane.doe@example.com");
        fixture.given(imported())
                .when(new CreateUserCommand("new-id", TENANT, sent, true, T1))
                .expectException(new TypeSafeMatcher<ScimException>() {
                    @Override
                    protected boolean matchesSafely(ScimException e) {
                        return e.status() == 409 && e.detail().contains("jane@example.com")
                                && e.detail().contains("jane.doe@example.com");
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("409 naming both emails");
                    }
                })
                .expectNoEvents();
    }

    @Test
    void createCannotAdoptAManagedUser() {
        claims.claim(TENANT, "jane@example.com", ID);
        fixture.given(created())
                .when(new CreateUserCommand("new-id", TENANT, jane(), true, T1))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    @Test
    void firstScimChangeAdoptsImportedAccount() {
        fixture.given(imported())
                .when(patchCommand("[{'op':'replace','path':'active','value':'False'}]"))
                .expectEvents(new UserAdoptedEvent(TENANT, ID, T1), new UserDeactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void sameUserNameIsFreeInAnotherTenant() {
        claims.claim("other-tenant", "jane@example.com", "someone-else");
        fixture.givenNoPriorActivity()
                .when(new CreateUserCommand(ID, TENANT, jane(), true, T0))
                .expectEvents(created());
    }

    @Test
    void cannotChangeUserName() {
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','path':'userName','value':'john@example.com'}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void cannotChangeUserNameByPut() {
        ObjectNode renamed = jane().put("userName", "john@example.com");
        fixture.given(created())
                .when(new ReplaceUserCommand(ID, TENANT, renamed, null, null, T1))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void userNameInAnotherCaseIsNoChange() {
        fixture.given(created())
                .when(patchCommand("[{'op':'Replace','path':'userName','value':'Jane@Example.com'}]"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotRemoveUserName() {
        fixture.given(created())
                .when(patchCommand("[{'op':'remove','path':'userName'}]"))
                .expectException(scim(400, null))
                .expectNoEvents();
    }

    @Test
    void cannotChangeWorkEmail() {
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','path':'emails[type eq \\\"work\\\"].value','value':'other@example.com'}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void workEmailCanChangeWhenTheTenantRelaxedTheRule() {
        ObjectNode expected = jane();
        ((ObjectNode) expected.get("emails").get(0)).put("value", "other@example.com");
        fixture.given(created())
                .when(new PatchUserCommand(ID, TENANT, ops(
                        "[{'op':'replace','path':'emails[type eq \\\"work\\\"].value','value':'other@example.com'}]"), null, T1, false))
                .expectEvents(new UserAttributesChangedEvent(TENANT, ID, expected, List.of("emails"), T1));
    }

    @Test
    void userNameStaysImmutableEvenWhenTheEmailRuleIsRelaxed() {
        fixture.given(created())
                .when(new PatchUserCommand(ID, TENANT, ops("[{'op':'replace','path':'userName','value':'x@example.com'}]"),
                        null, T1, false))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void cannotRemoveWorkEmailByPut() {
        ObjectNode withoutEmail = jane();
        withoutEmail.remove("emails");
        fixture.given(created())
                .when(new ReplaceUserCommand(ID, TENANT, withoutEmail, null, null, T1))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void canProvisionWorkEmailLater() {
        ObjectNode noEmail = jane();
        noEmail.remove("emails");
        ObjectNode withEmail = noEmail.deepCopy();
        withEmail.putArray("emails").addObject().put("type", "work").put("value", "jane@example.com");
        fixture.given(new UserCreatedEvent(TENANT, ID, "jane@example.com", noEmail, true, T0))
                .when(patchCommand("[{'op':'Add','path':'emails[type eq \\\"work\\\"].value','value':'jane@example.com'}]"))
                .expectEvents(new UserAttributesChangedEvent(TENANT, ID, withEmail, List.of("emails"), T1));
    }

    @Test
    void aNoPathPatchMayRestateTheUsersOwnId() {
        ObjectNode expected = jane().put("title", "Boss");
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','value':{'id':'" + ID + "','title':'Boss'}}]"))
                .expectEvents(new UserAttributesChangedEvent(TENANT, ID, expected, List.of("title"), T1));
    }

    @Test
    void aNoPathPatchNamingAnotherIdIsMutabilityAndChangesNothing() {
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','value':{'id':'user-2','title':'Boss'}}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void canChangeOtherAttributesByNoPathPatchWithDottedKeys() {
        ObjectNode expected = jane();
        ((ObjectNode) expected.get("name")).put("givenName", "Janet");
        expected.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("department", "Eng");
        fixture.given(created())
                .when(patchCommand("[{'op':'Replace','value':{'name.givenName':'Janet',"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department':'Eng'}}]"))
                .expectEvents(new UserAttributesChangedEvent(TENANT, ID, expected,
                        List.of("name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"), T1));
    }

    @Test
    void canDeactivateWithEntrasFalseString() {
        fixture.given(created())
                .when(patchCommand("[{'op':'Replace','path':'active','value':'False'}]"))
                .expectEvents(new UserDeactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void canReactivateDeactivatedUser() {
        fixture.given(created(), new UserDeactivatedEvent(TENANT, ID, T0))
                .when(patchCommand("[{'op':'replace','path':'active','value':true}]"))
                .expectEvents(new UserReactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void deactivatingTwiceEmitsNothingTheSecondTime() {
        fixture.given(created(), new UserDeactivatedEvent(TENANT, ID, T0))
                .when(patchCommand("[{'op':'replace','path':'active','value':'False'}]"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void patchChangingAttributesAndActiveEmitsBothInOneCommand() {
        ObjectNode expected = jane().put("displayName", "Jane D");
        fixture.given(created())
                .when(patchCommand("[{'op':'add','path':'displayName','value':'Jane D'},"
                        + "{'op':'replace','path':'active','value':false}]"))
                .expectEvents(new UserAttributesChangedEvent(TENANT, ID, expected, List.of("displayName"), T1),
                        new UserDeactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void failingOperationAppliesNothingOfThePatch() {
        fixture.given(created())
                .when(patchCommand("[{'op':'add','path':'displayName','value':'Jane D'},"
                        + "{'op':'replace','path':'userName','value':'other'}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void putCanDeactivate() {
        fixture.given(created())
                .when(new ReplaceUserCommand(ID, TENANT, jane(), false, null, T1))
                .expectEvents(new UserDeactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void otherTenantCannotSeeOrChangeUser() {
        fixture.given(created())
                .when(new PatchUserCommand(ID, "other-tenant", ops("[{'op':'replace','path':'active','value':false}]"), null, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void staleIfMatchVersionIsRefused() {
        fixture.given(created(), new UserDeactivatedEvent(TENANT, ID, T0))
                .when(new PatchUserCommand(ID, TENANT, ops("[{'op':'replace','path':'active','value':true}]"), 0L, T1))
                .expectException(scim(412, null))
                .expectNoEvents();
    }

    @Test
    void currentIfMatchVersionIsAccepted() {
        fixture.given(created(), new UserDeactivatedEvent(TENANT, ID, T0))
                .when(new PatchUserCommand(ID, TENANT, ops("[{'op':'replace','path':'active','value':true}]"), 1L, T1))
                .expectEvents(new UserReactivatedEvent(TENANT, ID, T1));
    }

    @Test
    void canDeleteUserAndReleaseItsUserName() {
        claims.claim(TENANT, "jane@example.com", ID);
        fixture.given(created())
                .when(new DeleteUserCommand(ID, TENANT, null, T1))
                .expectEvents(new UserDeletedEvent(TENANT, ID, "jane@example.com", T1));
        org.junit.jupiter.api.Assertions.assertTrue(claims.claim(TENANT, "jane@example.com", "new-user"),
                "the userName is free again after the delete");
    }

    @Test
    void deletedUserAcceptsNoCommand() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0))
                .when(patchCommand("[{'op':'replace','path':'active','value':false}]"))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void deletedUserCannotBeDeletedAgain() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0))
                .when(new DeleteUserCommand(ID, TENANT, null, T1))
                .expectException(scim(404, null));
    }

    @Test
    void provisionedUserCannotBeErased() {
        fixture.given(created())
                .when(new EraseUserCommand(ID, TENANT, "admin-api", T1))
                .expectException(scim(409, null))
                .expectNoEvents();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), erasures, "no key deleted");
    }

    @Test
    void deletedUserIsErasedAndItsKeyDeleted() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0))
                .when(new EraseUserCommand(ID, TENANT, "admin-api", T1))
                .expectEvents(new UserErasedEvent(TENANT, ID, "admin-api", T1))
                .expectResultMessagePayload(new UserErasure(TENANT, ID, T1, "admin-api", false));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(ID), erasures);
    }

    @Test
    void aDeletedTenantsUserIsErasedWhetherOrNotItWasDeleted() {
        fixture.given(created())
                .when(new EraseUserCommand(ID, TENANT, "admin-api", T1, true))
                .expectEvents(new UserErasedEvent(TENANT, ID, "admin-api", T1))
                .expectResultMessagePayload(new UserErasure(TENANT, ID, T1, "admin-api", false));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(ID), erasures);
    }

    @Test
    void erasingTwiceRecordsOneErasure() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0),
                        new UserErasedEvent(TENANT, ID, "cli:ops", T0))
                .when(new EraseUserCommand(ID, TENANT, "admin-api", T1))
                .expectNoEvents()
                .expectResultMessagePayload(new UserErasure(TENANT, ID, T0, "cli:ops", true));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), erasures, "the key was deleted the first time");
    }

    @Test
    void anotherTenantCannotEraseAUser() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0))
                .when(new EraseUserCommand(ID, "tenant-2", "admin-api", T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void erasedUserAcceptsNoScimCommand() {
        fixture.given(created(), new UserDeletedEvent(TENANT, ID, "jane@example.com", T0),
                        new UserErasedEvent(TENANT, ID, "admin-api", T0))
                .when(patchCommand("[{'op':'replace','path':'active','value':false}]"))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void unknownUserIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(patchCommand("[{'op':'replace','path':'active','value':false}]"))
                .expectException(scim(404, null));
    }

    /** The claims table's contract, kept in memory for the aggregate's unit tests only. */
    static final class InMemoryClaims implements UserNameClaims {
        private final Map<String, String> owners = new HashMap<>();

        @Override
        public boolean claim(String tenantId, String userNameKey, String userId) {
            return owners.putIfAbsent(tenantId + "\n" + userNameKey, userId) == null;
        }

        @Override
        public void release(String tenantId, String userNameKey, String userId) {
            owners.remove(tenantId + "\n" + userNameKey, userId);
        }

        @Override
        public java.util.Optional<String> holder(String tenantId, String userNameKey) {
            return java.util.Optional.ofNullable(owners.get(tenantId + "\n" + userNameKey));
        }
    }
}
