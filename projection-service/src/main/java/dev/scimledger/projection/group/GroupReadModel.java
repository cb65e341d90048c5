package dev.scimledger.projection.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.GroupAttributesChangedEvent;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupDeletedEvent;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.projection.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps {@code scim_group} and {@code scim_group_member} equal to the log. A change applies only when the group's
 * row is behind the event's sequence number (the row's version moves first, in the same transaction), so a
 * replayed event changes nothing. A rebuild runs the same handlers on its shadow tables ({@link ReadModelTables#REBUILD}).
 */
@ProcessingGroup("scim-read-model")
public class GroupReadModel {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String groups;
    private final String members;

    public GroupReadModel(JdbcTemplate jdbc, ObjectMapper json, ReadModelTables tables) {
        this.jdbc = jdbc;
        this.json = json;
        this.groups = tables.group();
        this.members = tables.member();
    }

    @EventHandler
    void on(GroupCreatedEvent event, @SequenceNumber long sequence) throws JsonProcessingException {
        jdbc.update("""
                INSERT INTO %s (group_id, tenant_id, version, display_name, external_id, attributes, created,
                                        last_modified)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (group_id) DO NOTHING""".formatted(groups),
                event.groupId(), event.tenantId(), sequence, event.displayName(), text(event.attributes(), "externalId"),
                json.writeValueAsString(event.attributes()), Timestamp.from(event.at()), Timestamp.from(event.at()));
    }

    @EventHandler
    void on(GroupAttributesChangedEvent event, @SequenceNumber long sequence) throws JsonProcessingException {
        jdbc.update("""
                UPDATE %s SET version = ?, display_name = ?, external_id = ?, attributes = ?::jsonb,
                                      last_modified = ?
                WHERE group_id = ? AND version < ?""".formatted(groups),
                sequence, event.displayName(), text(event.attributes(), "externalId"),
                json.writeValueAsString(event.attributes()), Timestamp.from(event.at()), event.groupId(), sequence);
    }

    @EventHandler
    void on(GroupMembersAddedEvent event, @SequenceNumber long sequence) {
        if (advance(event.groupId(), sequence, event.at())) {
            jdbc.batchUpdate("""
                    INSERT INTO %s (group_id, member_id, member_type, tenant_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (group_id, member_id) DO NOTHING""".formatted(members), event.members(), 1000, (ps, member) -> {
                ps.setString(1, event.groupId());
                ps.setString(2, member.value());
                ps.setString(3, member.type());
                ps.setString(4, event.tenantId());
            });
        }
    }

    @EventHandler
    void on(GroupMembersRemovedEvent event, @SequenceNumber long sequence) {
        if (advance(event.groupId(), sequence, event.at())) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(
                        "DELETE FROM %s WHERE group_id = ? AND member_id = ANY(?)".formatted(members));
                ps.setString(1, event.groupId());
                ps.setArray(2, con.createArrayOf("varchar", event.memberIds().toArray()));
                return ps;
            });
        }
    }

    @EventHandler
    void on(GroupDeletedEvent event, @SequenceNumber long sequence) {
        if (advance(event.groupId(), sequence, event.at())) {
            jdbc.update("UPDATE %s SET deleted = TRUE WHERE group_id = ?".formatted(groups), event.groupId());
            jdbc.update("DELETE FROM %s WHERE group_id = ?".formatted(members), event.groupId());
        }
    }

    private boolean advance(String groupId, long sequence, Instant at) {
        return jdbc.update("UPDATE %s SET version = ?, last_modified = ? WHERE group_id = ? AND version < ?".formatted(groups),
                sequence, Timestamp.from(at), groupId, sequence) == 1;
    }

    private static String text(ObjectNode attributes, String name) {
        JsonNode value = attributes.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
