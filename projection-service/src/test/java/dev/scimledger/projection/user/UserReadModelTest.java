package dev.scimledger.projection.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.personal.PersonalFields;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserDeletedEvent;
import dev.scimledger.messages.user.UserErasedEvent;
import dev.scimledger.projection.ProjectionDatabase;
import dev.scimledger.projection.ReadModelTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SCIM read model's user handlers on the real database: an event in, the {@code scim_user} row out. */
class UserReadModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tenant-" + UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T11:00:00Z");

    private final JdbcTemplate jdbc = ProjectionDatabase.jdbc();
    private final UserReadModel readModel = new UserReadModel(jdbc, JSON, ReadModelTables.LIVE);
    private String userId;

    @BeforeEach
    void newUser() {
        userId = UUID.randomUUID().toString();
    }

    private ObjectNode attributes(String externalId, String displayName) {
        ObjectNode attributes = JSON.createObjectNode().put("userName", "jane@example.com");
        if (externalId != null) {
            attributes.put("externalId", externalId);
        }
        return attributes.put("displayName", displayName);
    }

    private Map<String, Object> row() {
        return jdbc.queryForMap("SELECT * FROM scim_user WHERE user_id = ?", userId);
    }

    @Test
    void aCreatedUserIsARowWithItsColumnsAndAttributes() throws Exception {
        readModel.on(new UserCreatedEvent(TENANT, userId, "jane@example.com", attributes("e-1", "Jane"), true, T0), 0);

        Map<String, Object> row = row();
        assertThat(row).containsEntry("tenant_id", TENANT).containsEntry("version", 0L)
                .containsEntry("user_name", "jane@example.com").containsEntry("external_id", "e-1")
                .containsEntry("display_name", "Jane").containsEntry("active", true).containsEntry("deleted", false);
        assertThat(JSON.readTree(row.get("attributes").toString())).isEqualTo(attributes("e-1", "Jane"));
        assertThat(((java.sql.Timestamp) row.get("created")).toInstant()).isEqualTo(T0);
    }

    @Test
    void aChangeMovesTheRowOnAndAReplayedEventChangesNothing() {
        readModel.on(new UserCreatedEvent(TENANT, userId, "jane@example.com", attributes("e-1", "Jane"), true, T0), 0);
        readModel.on(new UserAttributesChangedEvent(TENANT, userId, attributes(null, "Jane Doe"),
                List.of("externalId", "displayName"), T1), 1);
        readModel.on(new UserDeactivatedEvent(TENANT, userId, T1), 2);
        // at-least-once delivery: an older event again, after the row moved past it
        readModel.on(new UserAttributesChangedEvent(TENANT, userId, attributes("stale", "Stale"),
                List.of("displayName"), T0), 1);
        readModel.on(new UserCreatedEvent(TENANT, userId, "jane@example.com", attributes("stale", "Stale"), true, T0), 0);

        assertThat(row()).containsEntry("version", 2L).containsEntry("display_name", "Jane Doe")
                .containsEntry("external_id", null).containsEntry("active", false);
        assertThat(((java.sql.Timestamp) row().get("last_modified")).toInstant()).isEqualTo(T1);
    }

    @Test
    void aDeletedUserStaysAsADeletedRowAndAnErasedOneKeepsNoPersonalData() {
        readModel.on(new UserCreatedEvent(TENANT, userId, "jane@example.com", attributes("e-1", "Jane"), true, T0), 0);
        readModel.on(new UserDeletedEvent(TENANT, userId, "jane@example.com", T1), 1);
        assertThat(row()).containsEntry("deleted", true).containsEntry("version", 1L);

        readModel.on(new UserErasedEvent(TENANT, userId, "admin-api", T1), 2);
        assertThat(row()).containsEntry("user_name", PersonalFields.ERASED).containsEntry("external_id", null)
                .containsEntry("display_name", null).containsEntry("version", 2L);
        assertThat(row().get("attributes").toString()).isEqualTo("{}");
    }
}
