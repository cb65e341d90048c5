package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event a shared projection cannot apply used to stop it for every tenant, forever (it retried the same event
 * without end, and the log can never lose it). Now the projection sets the event aside, holds the later events of
 * the same resource behind it, goes on with everyone else, shows what it set aside, and applies it all in order once
 * the cause is fixed.
 */
class QuarantineTest extends RunningService {

    @Autowired
    DataSource dataSource;

    @Test
    void aRowTheAuditTrailRefusesIsSetAsideWithWhatFollowsItAndAppliedInOrderOnceFixed() throws Exception {
        TenantAccess tenant = newTenant();
        String marker = "poison-agent-" + tenant.tenantId();
        // the cause: a rule the audit table enforces, which this client's User-Agent breaks (like a value too long)
        asOwner("ALTER TABLE audit_event ADD CONSTRAINT quarantine_test CHECK (user_agent IS DISTINCT FROM '"
                + marker + "')");
        String poisoned;
        try {
            poisoned = call("POST", BASE + "/Users", tenant.token(), entraUser(unique("poisoned"), "p1"),
                    "User-Agent", marker).text("/id");
            assertThat(scim("PATCH", "/Users/" + poisoned, tenant.token(),
                    patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")).status()).isEqualTo(200);
            String healthy = scim("POST", "/Users", tenant.token(), entraUser(unique("healthy"), "h1")).text("/id");

            // everyone else goes on: the next user's create is audited
            assertThat(await(() -> trail(tenant, healthy), t -> t.size() == 1)).hasSize(1);
            JsonNode held = await(() -> quarantined("audit-trail", poisoned), q -> q.size() == 2);
            assertThat(held.get(0).path("eventType").asText()).isEqualTo("UserCreatedEvent");
            assertThat(held.get(0).path("heldBehind").isMissingNode() || held.get(0).path("heldBehind").isNull()).isTrue();
            assertThat(held.get(0).path("reason").asText()).contains("quarantine_test");
            assertThat(held.get(0).path("tenantId").asText()).isEqualTo(tenant.tenantId());
            assertThat(held.get(1).path("eventType").asText()).isEqualTo("UserDeactivatedEvent");
            assertThat(held.get(1).path("heldBehind").asText()).isEqualTo(held.get(0).path("eventId").asText());
            assertThat(trail(tenant, poisoned)).as("nothing of the poisoned user is audited out of order").isEmpty();

            // a later event of the same resource waits behind it too
            assertThat(scim("PATCH", "/Users/" + poisoned, tenant.token(),
                    patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]")).status()).isEqualTo(200);
            await(() -> quarantined("audit-trail", poisoned), q -> q.size() == 3);

            // the cause is still there: the retry fails on the first event again and keeps all three
            Response stillBroken = call("POST", "/admin/quarantine/audit-trail/retry", ADMIN_TOKEN, null);
            assertThat(stillBroken.status()).isEqualTo(200);
            assertThat(stillBroken.body().get("stillQuarantined").asInt()).isGreaterThanOrEqualTo(3);
            JsonNode kept = quarantined("audit-trail", poisoned);
            assertThat(kept).hasSize(3);
            assertThat(kept.get(0).path("attempts").asInt()).isEqualTo(2);
            assertThat(kept.get(0).path("reason").asText()).contains("quarantine_test");
            assertThat(trail(tenant, poisoned)).isEmpty();
        } finally {
            asOwner("ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS quarantine_test");
        }
        Response retried = call("POST", "/admin/quarantine/audit-trail/retry", ADMIN_TOKEN, null);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("applied").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(quarantined("audit-trail", poisoned)).isEmpty();
        JsonNode audited = trail(tenant, poisoned);
        assertThat(audited.findValuesAsText("type")).as("applied in the log's order")
                .containsExactly("UserCreatedEvent", "UserDeactivatedEvent", "UserReactivatedEvent");
        Response list = call("GET", "/admin/quarantine", ADMIN_TOKEN, null);
        assertThat(list.body().get("projections").findValuesAsText("processor"))
                .containsExactly("audit-trail", "kafka-publisher");
    }

    @Test
    void anEventWhosePayloadCannotBeReadIsSetAsideByEveryProjectionThatMeetsItAndAppliedOnceItReads() throws Exception {
        TenantAccess tenant = newTenant();
        String victim = scim("POST", "/Users", tenant.token(), entraUser(unique("victim"), "v1")).text("/id");
        await(() -> trail(tenant, victim), t -> t.size() == 1);
        String unreadable = "unreadable-" + tenant.tenantId();
        // written past the application (as only the tables' owner can): JSON that is no UserDeactivatedEvent
        asOwner("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                + "meta_data, payload, payload_revision, payload_type, time_stamp) "
                + "SELECT aggregate_identifier, 1, type, '" + unreadable + "', meta_data, convert_to('{\"tenantId\":\""
                + tenant.tenantId() + "\",\"userId\":{\"not\":\"an id\"},\"at\":\"never\"}', 'UTF8'), "
                + "'1', 'dev.scimledger.messages.user.UserDeactivatedEvent', time_stamp "
                + "FROM domain_event_entry WHERE aggregate_identifier = '" + victim + "' AND sequence_number = 0");
        String next = scim("POST", "/Users", tenant.token(), entraUser(unique("next"), "n1")).text("/id");

        assertThat(await(() -> trail(tenant, next), t -> t.size() == 1)).hasSize(1);
        for (String processor : List.of("audit-trail", "kafka-publisher")) {
            JsonNode held = await(() -> quarantined(processor, victim), q -> q.size() == 1);
            assertThat(held.get(0).path("eventId").asText()).as(processor).isEqualTo(unreadable);
            assertThat(held.get(0).path("reason").asText()).contains("SerializationException");
        }
        assertThat(scrape()).contains("scim_projection_quarantined_events{processor=\"audit-trail\"}");

        // the fix (an upcaster, here the row itself): the event reads now, and the retry applies it
        asOwner("SET session_replication_role = replica; UPDATE domain_event_entry SET payload = convert_to("
                + "'{\"tenantId\":\"" + tenant.tenantId() + "\",\"userId\":\"" + victim + "\",\"at\":\"2026-01-01T00:00:00Z\"}',"
                + " 'UTF8') WHERE event_identifier = '" + unreadable + "'");
        for (String processor : List.of("audit-trail", "kafka-publisher")) {
            assertThat(call("POST", "/admin/quarantine/" + processor + "/retry", ADMIN_TOKEN, null).status()).isEqualTo(200);
            assertThat(quarantined(processor, victim)).as(processor).isEmpty();
        }
        assertThat(trail(tenant, victim).findValuesAsText("type")).containsExactlyInAnyOrder("UserCreatedEvent",
                "UserDeactivatedEvent");
    }

    private String scrape() {
        return call("GET", "/admin/actuator/prometheus", ADMIN_TOKEN, null).raw().body();
    }

    private JsonNode trail(TenantAccess tenant, String resourceId) {
        return call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?resourceId=" + resourceId, ADMIN_TOKEN, null)
                .body().get("events");
    }

    /** The projection's quarantined events of one resource, in the log's order. */
    private JsonNode quarantined(String processor, String resourceId) {
        JsonNode events = call("GET", "/admin/quarantine?processor=" + processor, ADMIN_TOKEN, null).body().get("events");
        List<JsonNode> of = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("aggregateId").asText().equals(resourceId)) {
                of.add(e);
            }
        });
        return JSON.valueToTree(of);
    }

    private static JsonNode await(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = read.get();
        }
        assertThat(done.test(last)).as("in time: " + last).isTrue();
        return last;
    }

    private void asOwner(String statement) throws SQLException {
        String url;
        try (Connection app = dataSource.getConnection()) {
            url = app.getMetaData().getURL();
        }
        try (Connection owner = DriverManager.getConnection(url, "postgres", superuserPassword()); Statement sql = owner.createStatement()) {
            sql.execute(statement);
        }
    }
}
