package dev.scimledger.projection.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.audit.AuditRecords;
import dev.scimledger.messages.operator.ConsoleAccountDisabledEvent;
import dev.scimledger.messages.operator.KafkaRepublicationStartedEvent;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.projection.ProjectionDatabase;
import dev.scimledger.projection.ReadModelTables;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail's handler on the real database: an event in, its {@code audit_event} row out. */
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final JdbcTemplate jdbc = ProjectionDatabase.jdbc();
    private final AuditTrail trail = new AuditTrail(jdbc, JSON, ReadModelTables.LIVE);
    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String userId = UUID.randomUUID().toString();

    private DomainEventMessage<ScimEvent> message(ScimEvent event, long sequence) {
        return new GenericDomainEventMessage<>("User", userId, sequence, event, MetaData.from(Map.of(
                RequestMetadata.TENANT_ID, tenant, RequestMetadata.TOKEN_ID, "token-1",
                RequestMetadata.REQUEST_ID, "request-7", RequestMetadata.CLIENT_ADDRESS, "10.0.0.9",
                RequestMetadata.USER_AGENT, "Azure Active Directory SCIM Client")));
    }

    @Test
    void eachEventIsOneRowSayingWhoChangedWhatFromWhereAndWhen() throws Exception {
        UserAttributesChangedEvent changed = new UserAttributesChangedEvent(tenant, userId,
                JSON.createObjectNode().put("userName", "jane@example.com").put("displayName", "Jane"),
                List.of("displayName"), T0);
        DomainEventMessage<ScimEvent> message = message(changed, 3);
        trail.on(changed, message);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_event WHERE event_id = ?", message.getIdentifier());
        assertThat(row).containsEntry("tenant_id", tenant).containsEntry("resource_type", "User")
                .containsEntry("resource_id", userId).containsEntry("sequence_number", 3L)
                .containsEntry("event_type", "UserAttributesChangedEvent").containsEntry("token_id", "token-1")
                .containsEntry("request_id", "request-7").containsEntry("client_address", "10.0.0.9")
                .containsEntry("user_agent", "Azure Active Directory SCIM Client");
        assertThat(JSON.readTree(row.get("changed_attributes").toString())).isEqualTo(JSON.readTree("[\"displayName\"]"));
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(T0);
    }

    @Test
    void aReplayedEventIsNotRecordedTwice() throws Exception {
        UserDeactivatedEvent deactivated = new UserDeactivatedEvent(tenant, userId, T0);
        DomainEventMessage<ScimEvent> message = message(deactivated, 4);
        trail.on(deactivated, message);
        trail.on(deactivated, message);

        assertThat(jdbc.queryForList("SELECT changed_attributes::text FROM audit_event WHERE tenant_id = ?",
                String.class, tenant)).containsExactly("[\"active\"]");
    }

    @Test
    void metadataTooLongForItsColumnIsCutNotAllowedToStopTheTrail() throws Exception {
        UserDeactivatedEvent deactivated = new UserDeactivatedEvent(tenant, userId, T0);
        String forged = "9".repeat(300);
        DomainEventMessage<ScimEvent> message = new GenericDomainEventMessage<>("User", userId, 5, deactivated,
                MetaData.from(Map.of(RequestMetadata.TENANT_ID, tenant, RequestMetadata.TOKEN_ID, "t".repeat(100),
                        RequestMetadata.REQUEST_ID, "r".repeat(200), RequestMetadata.CLIENT_ADDRESS, forged)));
        trail.on(deactivated, message);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_event WHERE event_id = ?", message.getIdentifier());
        assertThat(row).containsEntry("client_address", forged.substring(0, 128))
                .containsEntry("token_id", "t".repeat(64)).containsEntry("request_id", "r".repeat(128));
    }

    @Test
    void theLatestRowsComeLatestFirstAndNameWhatAnOperatorChanged() throws Exception {
        for (int i = 0; i < 3; i++) {
            UserDeactivatedEvent deactivated = new UserDeactivatedEvent(tenant, userId, T0.plusSeconds(i));
            trail.on(deactivated, message(deactivated, 10 + i));
        }
        JdbcAuditRecords records = new JdbcAuditRecords(jdbc,
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource()));
        AuditRecords.Criteria criteria = new AuditRecords.Criteria(tenant, null, null, null, null, null, null);
        assertThat(records.latest(criteria, 2)).extracting(AuditRecords.Row::sequenceNumber).containsExactly(12L, 11L);

        assertThat(AuditTrail.changedAttributes(new ConsoleAccountDisabledEvent(OperatorEvent.TENANT, "ann",
                "console:admin", T0))).containsExactly("accounts.ann.disabled");
        assertThat(AuditTrail.changedAttributes(new KafkaRepublicationStartedEvent(OperatorEvent.TENANT, "r1",
                tenant, null, "console:admin", T0))).containsExactly("kafka.tenants." + tenant);
    }
}
