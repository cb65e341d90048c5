package dev.scimledger.command.group;

import dev.scimledger.scim.patch.PatchRequest;
import dev.scimledger.scim.patch.PatchOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.CreateGroupCommand;
import dev.scimledger.messages.group.DeleteGroupCommand;
import dev.scimledger.messages.group.GroupAttributesChangedEvent;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupDeletedEvent;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.messages.group.ReplaceGroupCommand;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scimledger.command.ScimExceptionMatcher.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of a group, given / when / expect, with the membership set kept beside the aggregate. */
class GroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tenant-1";
    private static final String ID = "group-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    private FixtureConfiguration<Group> fixture;
    private InMemoryGroupMembers members;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
        members = new InMemoryGroupMembers();
        members.users.addAll(List.of("alice", "bob", "carol"));
        GroupMemberships memberships = new GroupMemberships(fixture.getRepository(), members);
        fixture.registerAnnotatedCommandHandler(new GroupCommandHandler(fixture.getRepository(), members, memberships));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode engineering() {
        return json("{'displayName':'Engineering','externalId':'obj-1'}");
    }

    private GroupCreatedEvent created() {
        return new GroupCreatedEvent(TENANT, ID, "Engineering", engineering(), T0);
    }

    /** The fixture replays events; the membership set is what the same commands would have written beside them. */
    private void given(String... memberIds) {
        members.names.put(TENANT + "\n" + "engineering", ID);
        for (String id : memberIds) {
            members.rows.computeIfAbsent(ID, g -> new LinkedHashMap<>()).put(id, GroupMember.USER);
        }
    }

    private static JsonNode patch(String operations) {
        return json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':" + operations + "}");
    }

    /** The operations of a PATCH request, parsed as the gateway parses them before any command exists. */
    private static List<PatchOperation> ops(String operations) {
        return PatchRequest.parse(patch(operations));
    }

    private PatchGroupCommand patchCommand(String operations) {
        return new PatchGroupCommand(ID, TENANT, ops(operations), null, T1);
    }

    private static List<GroupMember> users(String... ids) {
        List<GroupMember> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new GroupMember(id, GroupMember.USER));
        }
        return list;
    }

    @Test
    void canCreateGroupWithMembers() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, TENANT, engineering(), List.of("alice", "bob"), T0))
                .expectEvents(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice", "bob"), T0));
        assertEquals(Set.of("alice", "bob"), members.rows.get(ID).keySet());
    }

    @Test
    void cannotCreateGroupWithoutDisplayName() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, TENANT, json("{'externalId':'x'}"), List.of(), T0))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void cannotCreateSecondGroupWithSameDisplayNameInAnyCase() {
        members.names.put(TENANT + "\n" + "engineering", "other-group");
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand(ID, TENANT, json("{'displayName':'ENGINEERING'}"), List.of(), T0))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    @Test
    void unknownMemberIsRejectedByNameAndNothingIsApplied() {
        given("alice");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(patchCommand("[{'op':'replace','path':'displayName','value':'Eng'},"
                        + "{'op':'add','path':'members','value':[{'value':'bob'},{'value':'mallory'}]}]"))
                .expectException(new TypeSafeMatcher<ScimException>() {
                    @Override
                    protected boolean matchesSafely(ScimException e) {
                        return e.status() == 400 && e.detail().contains("mallory") && !e.detail().contains("bob");
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("400 naming only the unknown member");
                    }
                })
                .expectNoEvents();
    }

    @Test
    void addingAPresentMemberOrRemovingAnAbsentOneEmitsNothing() {
        given("alice");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(patchCommand("[{'op':'add','path':'members','value':[{'value':'alice'}]},"
                        + "{'op':'remove','path':'members','value':[{'value':'bob'}]}]"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void entrasRemoveWithValueArrayRemovesOnlyTheListedMembers() {
        given("alice", "bob", "carol");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice", "bob", "carol"), T0))
                .when(patchCommand("[{'op':'Remove','path':'members','value':[{'value':'bob'}]}]"))
                .expectEvents(new GroupMembersRemovedEvent(TENANT, ID, List.of("bob"), T1));
        assertEquals(Set.of("alice", "carol"), members.rows.get(ID).keySet());
    }

    @Test
    void removeWithValueFilterRemovesTheMatchingMember() {
        given("alice", "bob");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice", "bob"), T0))
                .when(patchCommand("[{'op':'remove','path':'members[value eq \\\"alice\\\"]'}]"))
                .expectEvents(new GroupMembersRemovedEvent(TENANT, ID, List.of("alice"), T1));
    }

    @Test
    void replaceOnMembersReplacesTheSet() {
        given("alice", "bob");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice", "bob"), T0))
                .when(patchCommand("[{'op':'replace','path':'members','value':[{'value':'bob'},{'value':'carol'}]}]"))
                .expectEvents(new GroupMembersRemovedEvent(TENANT, ID, List.of("alice"), T1),
                        new GroupMembersAddedEvent(TENANT, ID, users("carol"), T1));
    }

    @Test
    void addThenRemoveInOneRequestNetsOut() {
        given();
        fixture.given(created())
                .when(patchCommand("[{'op':'add','path':'members','value':[{'value':'alice'},{'value':'bob'}]},"
                        + "{'op':'remove','path':'members[value eq \\\"alice\\\"]'}]"))
                .expectEvents(new GroupMembersAddedEvent(TENANT, ID, users("bob"), T1));
    }

    @Test
    void aMembersDisplayIsNotTheClientsToSet() {
        given("alice");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(patchCommand("[{'op':'replace','path':'members[value eq \\\"alice\\\"].display','value':'Forged'}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void aMemberSubAttributeTheSchemaLacksIsABadPath() {
        given("alice");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(patchCommand("[{'op':'replace','path':'members.nonsense','value':'x'}]"))
                .expectException(scim(400, ScimErrorType.INVALID_PATH))
                .expectNoEvents();
    }

    @Test
    void aPathlessPatchMayRestateTheGroupsOwnId() {
        given();
        ObjectNode renamed = json("{'displayName':'Eng','externalId':'obj-1'}");
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','value':{'id':'" + ID + "','displayName':'Eng'}}]"))
                .expectEvents(new GroupAttributesChangedEvent(TENANT, ID, "Eng", renamed, List.of("displayName"), T1));
    }

    @Test
    void aPathlessPatchNamingAnotherIdIsMutabilityAndRenamesNothing() {
        given();
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','value':{'id':'other-group','displayName':'Eng'}}]"))
                .expectException(scim(400, ScimErrorType.MUTABILITY))
                .expectNoEvents();
    }

    @Test
    void groupCannotBeItsOwnMember() {
        given();
        members.groups.add(ID);
        fixture.given(created())
                .when(patchCommand("[{'op':'add','path':'members','value':[{'value':'" + ID + "'}]}]"))
                .expectException(scim(400, ScimErrorType.INVALID_VALUE))
                .expectNoEvents();
    }

    @Test
    void renamingReleasesTheOldNameAndClaimsTheNew() {
        given();
        ObjectNode renamed = engineering().put("displayName", "Platform");
        fixture.given(created())
                .when(new ReplaceGroupCommand(ID, TENANT, renamed, List.of(), null, T1))
                .expectEvents(new GroupAttributesChangedEvent(TENANT, ID, "Platform", renamed, List.of("displayName"), T1));
        assertEquals(Map.of(TENANT + "\n" + "platform", ID), members.names);
    }

    @Test
    void renamingToATakenNameIsAConflict() {
        given();
        members.names.put(TENANT + "\n" + "sales", "other-group");
        fixture.given(created())
                .when(patchCommand("[{'op':'replace','path':'displayName','value':'SALES'}]"))
                .expectException(scim(409, ScimErrorType.UNIQUENESS))
                .expectNoEvents();
    }

    @Test
    void staleIfMatchVersionIsRefused() {
        given();
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(new PatchGroupCommand(ID, TENANT, ops("[{'op':'remove','path':'members'}]"), 0L, T1))
                .expectException(scim(412, null))
                .expectNoEvents();
    }

    @Test
    void otherTenantCannotSeeOrChangeTheGroup() {
        given();
        fixture.given(created())
                .when(new PatchGroupCommand(ID, "other-tenant", ops("[{'op':'remove','path':'members'}]"), null, T1))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void deletingReleasesTheNameAndTheMembers() {
        given("alice");
        fixture.given(created(), new GroupMembersAddedEvent(TENANT, ID, users("alice"), T0))
                .when(new DeleteGroupCommand(ID, TENANT, null, T1))
                .expectEvents(new GroupDeletedEvent(TENANT, ID, "Engineering", T1));
        assertTrue(members.names.isEmpty());
        assertTrue(members.rows.getOrDefault(ID, Map.of()).isEmpty());
    }

    @Test
    void deletedGroupAcceptsNoCommand() {
        fixture.given(created(), new GroupDeletedEvent(TENANT, ID, "Engineering", T0))
                .when(patchCommand("[{'op':'add','path':'members','value':[{'value':'alice'}]}]"))
                .expectException(scim(404, null))
                .expectNoEvents();
    }

    @Test
    void largeMembershipChangesAreRecordedInBoundedEvents() {
        given();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add("user-" + i);
        }
        members.users.addAll(many);
        fixture.given(created())
                .when(new ReplaceGroupCommand(ID, TENANT, engineering(), many, null, T1))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        eventWithMembers(1000), eventWithMembers(1000), eventWithMembers(500),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void tooManyMembersInOneRequestIsRefused() {
        given();
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= MemberChanges.MAX_MEMBERS_PER_REQUEST; i++) {
            many.add("user-" + i);
        }
        fixture.given(created())
                .when(new ReplaceGroupCommand(ID, TENANT, engineering(), many, null, T1))
                .expectException(scim(413, ScimErrorType.TOO_MANY))
                .expectNoEvents();
    }

    private static org.hamcrest.Matcher<org.axonframework.eventhandling.EventMessage<?>> eventWithMembers(int size) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(org.axonframework.eventhandling.EventMessage<?> event) {
                return event.getPayload() instanceof GroupMembersAddedEvent added && added.members().size() == size;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("members added: " + size);
            }
        };
    }

    /** The membership table's contract, kept in memory for the aggregate's unit tests only. */
    static final class InMemoryGroupMembers implements GroupMembers {
        final Map<String, Map<String, String>> rows = new HashMap<>();
        final Map<String, String> names = new HashMap<>();
        final Set<String> users = new HashSet<>();
        final Set<String> groups = new HashSet<>();

        @Override
        public Set<String> membersAmong(String groupId, Collection<String> ids) {
            Set<String> present = new HashSet<>(ids);
            present.retainAll(rows.getOrDefault(groupId, Map.of()).keySet());
            return present;
        }

        @Override
        public List<GroupMember> all(String groupId) {
            List<GroupMember> all = new ArrayList<>();
            rows.getOrDefault(groupId, Map.of()).forEach((id, type) -> all.add(new GroupMember(id, type)));
            return all;
        }

        @Override
        public void add(String tenantId, String groupId, List<GroupMember> added) {
            added.forEach(m -> rows.computeIfAbsent(groupId, g -> new LinkedHashMap<>()).put(m.value(), m.type()));
        }

        @Override
        public void remove(String groupId, Collection<String> memberIds) {
            memberIds.forEach(id -> rows.getOrDefault(groupId, new HashMap<>()).remove(id));
        }

        @Override
        public void removeAllOf(String groupId) {
            rows.remove(groupId);
        }

        @Override
        public List<String> groupsOf(String tenantId, String memberId) {
            List<String> found = new ArrayList<>();
            rows.forEach((group, m) -> {
                if (m.containsKey(memberId)) {
                    found.add(group);
                }
            });
            return found;
        }

        @Override
        public Map<String, String> existingMembers(String tenantId, Collection<String> ids) {
            Map<String, String> found = new LinkedHashMap<>();
            for (String id : ids) {
                if (users.contains(id)) {
                    found.put(id, GroupMember.USER);
                } else if (groups.contains(id)) {
                    found.put(id, GroupMember.GROUP);
                }
            }
            return found;
        }

        @Override
        public boolean claimName(String tenantId, String displayNameKey, String groupId) {
            return names.putIfAbsent(tenantId + "\n" + displayNameKey, groupId) == null;
        }

        @Override
        public void releaseName(String tenantId, String displayNameKey, String groupId) {
            names.remove(tenantId + "\n" + displayNameKey, groupId);
        }
    }
}
