package dev.scimledger.projection.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.history.MembershipInterval;
import dev.scimledger.messages.history.MembershipsBetweenQuery;
import dev.scimledger.projection.ProjectionDatabase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One payload PostgreSQL cannot read as JSON (a NUL escape, bytes that are not UTF-8: only a database owner can write
 * one, or an older version) used to fail the membership search for every tenant, since it cast each payload to jsonb.
 * The search now looks for the members' bytes and checks what it finds. The log here is a table of the same columns
 * as the command side's {@code event_log} view, in this module's test database, with the events in memory beside it.
 */
class UnparsablePayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String ADDED = GroupMembersAddedEvent.class.getName();
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aLogWithUnparsableRows() {
        jdbc = ProjectionDatabase.jdbc();
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS event_log (global_index bigserial PRIMARY KEY, aggregate_identifier text,
                    sequence_number bigint, payload_type text, time_stamp text, payload bytea)""");
        insert("g-poison-1", "{\"tenantId\":\"t\",\"members\":[{\"value\":\"\\u0000\"}]}".getBytes(StandardCharsets.UTF_8));
        insert("g-poison-2", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    }

    private static void insert(String aggregate, byte[] payload) {
        jdbc.update("INSERT INTO event_log (aggregate_identifier, sequence_number, payload_type, time_stamp, payload) "
                + "VALUES (?, 1, ?, ?, ?)", aggregate, ADDED, Instant.now().toString(), payload);
    }

    @Test
    void theOldSearchFailedOnThem() {
        assertThatThrownBy(() -> jdbc.queryForList("SELECT DISTINCT aggregate_identifier FROM event_log WHERE "
                + "payload_type = ? AND convert_from(payload, 'UTF8')::jsonb @> ?::jsonb", String.class, ADDED,
                "{\"tenantId\":\"t\"}")).isInstanceOf(DataAccessException.class);
    }

    @Test
    void aMembersGroupsAreFoundPastThem() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String group = UUID.randomUUID().toString();
        String member = UUID.randomUUID().toString();
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant joined = Instant.parse("2026-01-02T00:00:00Z");
        GroupMembersAddedEvent added = new GroupMembersAddedEvent(tenant, group, List.of(new GroupMember(member, "User")),
                joined);
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        storage.appendEvents(new GenericDomainEventMessage<>("Group", group, 0,
                        new GroupCreatedEvent(tenant, group, "Staff", JSON.createObjectNode(), created)),
                new GenericDomainEventMessage<>("Group", group, 1, added));
        insert(group, JSON.writeValueAsBytes(added));
        // the same member's id in another tenant's group: its bytes match the member, not the tenant
        insert(UUID.randomUUID().toString(), JSON.writeValueAsBytes(new GroupMembersAddedEvent("other-tenant",
                "elsewhere", List.of(new GroupMember(member, "User")), joined)));

        List<MembershipInterval> intervals = new LogHistory(jdbc, JSON, storage).handle(new MembershipsBetweenQuery(
                tenant, member, created, Instant.parse("2026-02-01T00:00:00Z")));

        assertThat(intervals).containsExactly(new MembershipInterval(group, "Staff", member, joined, null));
    }
}
