package dev.scimledger.projection.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.user.UserAdoptedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserDeletedEvent;
import dev.scimledger.messages.user.UserErasedEvent;
import dev.scimledger.messages.personal.PersonalFields;
import dev.scimledger.messages.user.UserImportedEvent;
import dev.scimledger.messages.user.UserReactivatedEvent;
import dev.scimledger.projection.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps {@code scim_user} equal to the log. Each update applies only when the row is behind the event's sequence
 * number, so replaying an event (at-least-once delivery, rebuilds) changes nothing. A rebuild runs the same handlers
 * on its shadow table ({@link ReadModelTables#REBUILD}).
 */
@ProcessingGroup(UserReadModel.PROCESSING_GROUP)
public class UserReadModel {

    static final String PROCESSING_GROUP = "scim-read-model";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String users;
    /**
     * The live model's erasures also reach a rebuild's copy of the row, which stays after the rebuild is done; null
     * for a rebuild's own instance.
     */
    private final String rebuildCopy;

    public UserReadModel(JdbcTemplate jdbc, ObjectMapper json, ReadModelTables tables) {
        this.jdbc = jdbc;
        this.json = json;
        this.users = tables.user();
        this.rebuildCopy = tables.equals(ReadModelTables.LIVE) ? ReadModelTables.REBUILD.user() : null;
    }

    @EventHandler
    void on(UserCreatedEvent event, @SequenceNumber long sequence) {
        jdbc.update("""
                INSERT INTO %s (user_id, tenant_id, version, user_name, external_id, display_name, active,
                                       attributes, created, last_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (user_id) DO NOTHING""".formatted(users),
                event.userId(), event.tenantId(), sequence, event.userName(), text(event.attributes(), "externalId"),
                text(event.attributes(), "displayName"), event.active(), write(event.attributes()),
                timestamp(event.at()), timestamp(event.at()));
    }

    @EventHandler
    void on(UserImportedEvent event, @SequenceNumber long sequence) {
        on(new UserCreatedEvent(event.tenantId(), event.userId(), event.userName(), event.attributes(), event.active(),
                event.at()), sequence);
    }

    @EventHandler
    void on(UserAdoptedEvent event, @SequenceNumber long sequence) {
        jdbc.update("UPDATE %s SET version = ?, last_modified = ? WHERE user_id = ? AND version < ?".formatted(users),
                sequence, timestamp(event.at()), event.userId(), sequence);
    }

    @EventHandler
    void on(UserAttributesChangedEvent event, @SequenceNumber long sequence) {
        jdbc.update("""
                UPDATE %s SET version = ?, external_id = ?, display_name = ?, attributes = ?::jsonb,
                                     last_modified = ?
                WHERE user_id = ? AND version < ?""".formatted(users),
                sequence, text(event.attributes(), "externalId"), text(event.attributes(), "displayName"),
                write(event.attributes()), timestamp(event.at()), event.userId(), sequence);
    }

    @EventHandler
    void on(UserDeactivatedEvent event, @SequenceNumber long sequence) {
        setActive(event.userId(), false, event.at(), sequence);
    }

    @EventHandler
    void on(UserReactivatedEvent event, @SequenceNumber long sequence) {
        setActive(event.userId(), true, event.at(), sequence);
    }

    @EventHandler
    void on(UserDeletedEvent event, @SequenceNumber long sequence) {
        jdbc.update("UPDATE %s SET version = ?, deleted = TRUE, last_modified = ? WHERE user_id = ? AND version < ?"
                        .formatted(users),
                sequence, timestamp(event.at()), event.userId(), sequence);
    }

    /**
     * Erasure leaves the row a tombstone without personal data. Its values do not depend on what the row held, so
     * a rebuild (which reads the user's earlier events as erased) ends with the same row.
     */
    @EventHandler
    void on(UserErasedEvent event, @SequenceNumber long sequence) {
        jdbc.update("""
                UPDATE %s SET version = ?, user_name = ?, external_id = NULL, display_name = NULL,
                              attributes = '{}'::jsonb, deleted = TRUE, last_modified = ?
                WHERE user_id = ? AND version < ?""".formatted(users),
                sequence, PersonalFields.ERASED, timestamp(event.at()), event.userId(), sequence);
        if (rebuildCopy != null) {
            // whatever version the copy is at: a rebuild still running reads the user's events erased from now on
            jdbc.update("""
                    UPDATE %s SET user_name = ?, external_id = NULL, display_name = NULL, attributes = '{}'::jsonb
                    WHERE user_id = ?""".formatted(rebuildCopy), PersonalFields.ERASED, event.userId());
        }
    }

    private void setActive(String userId, boolean active, Instant at, long sequence) {
        jdbc.update("UPDATE %s SET version = ?, active = ?, last_modified = ? WHERE user_id = ? AND version < ?"
                        .formatted(users),
                sequence, active, timestamp(at), userId, sequence);
    }

    private static String text(ObjectNode attributes, String name) {
        JsonNode value = attributes.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise attributes", e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
