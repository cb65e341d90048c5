package dev.scimledger.projection.group;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupDeletedEvent;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.projection.ProjectionDatabase;
import dev.scimledger.projection.ReadModelTables;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SCIM read model's group handlers on the real database: events in, {@code scim_group} and its members out. */
class GroupReadModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T11:00:00Z");

    private final JdbcTemplate jdbc = ProjectionDatabase.jdbc();
    private final GroupReadModel readModel = new GroupReadModel(jdbc, JSON, ReadModelTables.LIVE);
    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String groupId = UUID.randomUUID().toString();

    private List<String> members() {
        return jdbc.queryForList("SELECT member_id FROM scim_group_member WHERE group_id = ? ORDER BY member_id",
                String.class, groupId);
    }

    private long version() {
        return jdbc.queryForObject("SELECT version FROM scim_group WHERE group_id = ?", Long.class, groupId);
    }

    @Test
    void membersComeAndGoWithTheGroupsVersionAndAReplayChangesNothing() throws Exception {
        readModel.on(new GroupCreatedEvent(tenant, groupId, "Engineering",
                JSON.createObjectNode().put("displayName", "Engineering").put("externalId", "eng"), T0), 0);
        readModel.on(new GroupMembersAddedEvent(tenant, groupId,
                List.of(new GroupMember("u-1", "User"), new GroupMember("u-2", "User")), T0), 1);
        readModel.on(new GroupMembersRemovedEvent(tenant, groupId, List.of("u-1"), T1), 2);
        // at-least-once delivery: the add again, after the removal
        readModel.on(new GroupMembersAddedEvent(tenant, groupId, List.of(new GroupMember("u-1", "User")), T0), 1);

        assertThat(members()).containsExactly("u-2");
        assertThat(version()).isEqualTo(2);
        assertThat(jdbc.queryForMap("SELECT display_name, external_id, tenant_id FROM scim_group WHERE group_id = ?", groupId))
                .containsEntry("display_name", "Engineering").containsEntry("external_id", "eng")
                .containsEntry("tenant_id", tenant);
    }

    @Test
    void aDeletedGroupIsMarkedDeletedAndKeepsNoMembers() throws Exception {
        readModel.on(new GroupCreatedEvent(tenant, groupId, "Sales", JSON.createObjectNode().put("displayName", "Sales"), T0), 0);
        readModel.on(new GroupMembersAddedEvent(tenant, groupId, List.of(new GroupMember("u-3", "User")), T0), 1);
        readModel.on(new GroupDeletedEvent(tenant, groupId, "Sales", T1), 2);

        assertThat(jdbc.queryForObject("SELECT deleted FROM scim_group WHERE group_id = ?", Boolean.class, groupId)).isTrue();
        assertThat(members()).isEmpty();
        assertThat(version()).isEqualTo(2);
    }
}
