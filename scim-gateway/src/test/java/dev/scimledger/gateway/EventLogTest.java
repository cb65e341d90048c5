package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Every accepted change is an event in the log, an audit row, and a Kafka record; nothing secret gets there. */
class EventLogTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void eachChangeIsAnEventWithAuditRowAndKafkaRecordInOrder() throws Exception {
        TenantAccess tenant = newTenant();
        String id = scim("POST", "/Users", tenant.token(), entraUser(unique("log"), "obj")).text("/id");
        call("PATCH", BASE + "/Users/" + id, tenant.token(),
                patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"), "X-Request-Id", "req-42");
        scim("DELETE", "/Users/" + id, tenant.token(), null);

        List<String> types = jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", String.class, id);
        assertThat(types).containsExactly("dev.scimledger.messages.user.UserCreatedEvent",
                "dev.scimledger.messages.user.UserDeactivatedEvent", "dev.scimledger.messages.user.UserDeletedEvent");

        List<Map<String, Object>> audit = awaitRows("SELECT * FROM audit_event WHERE resource_id = ? ORDER BY sequence_number", 3, id);
        assertThat(audit).extracting(row -> row.get("event_type"))
                .containsExactly("UserCreatedEvent", "UserDeactivatedEvent", "UserDeletedEvent");
        assertThat(audit).allSatisfy(row -> {
            assertThat(row.get("tenant_id")).isEqualTo(tenant.tenantId());
            assertThat(row.get("token_id")).isNotNull();
            assertThat(row.get("request_id")).isNotNull();
            assertThat(row.get("client_address")).isEqualTo("127.0.0.1");
        });
        assertThat(audit.get(1).get("request_id")).isEqualTo("req-42");
        assertThat(audit.get(1).get("changed_attributes").toString()).contains("active");

        String key = tenant.tenantId() + "/" + id;
        List<PublishedEvents.Published> records = PublishedEvents.withKey(PublishedEvents.read(bootstrapServers,
                "scim.events", read -> PublishedEvents.withKey(read, key).size() >= 3, Duration.ofSeconds(30)), key);
        assertThat(records).hasSize(3);
        assertThat(records).extracting(PublishedEvents.Published::partition).as("one resource, one partition")
                .containsOnly(records.get(0).partition());
        assertThat(records).extracting(PublishedEvents.Published::sequence).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(PublishedEvents.Published::type).containsExactly("dev.scimledger.user-created.v1",
                "dev.scimledger.user-deactivated.v1", "dev.scimledger.user-deleted.v1");
        PublishedEvents.Published first = records.get(0);
        assertThat(first.event().getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(first.event().getSource().toString()).isEqualTo("/scim-ledger/tenants/" + tenant.tenantId());
        assertThat(first.event().getSubject()).isEqualTo("Users/" + id);
        assertThat(first.event().getExtension("tenantid")).isEqualTo(tenant.tenantId());
        assertThat(first.event().getExtension("sequence")).isEqualTo("0000000000000000000");
        assertThat(first.event().getId()).isEqualTo(jdbc.queryForObject("""
                SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""",
                String.class, id));
        assertThat(first.event().getTime()).isNotNull();
        assertThat(first.event().getDataContentType()).isEqualTo("application/json");
        assertThat(first.event().getDataSchema().toString())
                .isEqualTo("urn:scim-ledger:event-schema:dev.scimledger.user-created.v1");
        assertThat(first.data().at("/attributes/externalId").asText()).isEqualTo("obj");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "scim.events");
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("retention.ms").value()).as("history is kept for replay").isEqualTo("-1");
        }
    }

    @Test
    void passwordNeverReachesTheLog() {
        String token = newTenantToken();
        String secret = "S3cret-" + UUID.randomUUID();
        String body = entraUser(unique("pw"), "obj").replaceFirst("\\{", "{\"password\":\"" + secret + "\",");
        Response created = scim("POST", "/Users", token, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
        String id = created.text("/id");
        List<byte[]> payloads = jdbc.queryForList("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?",
                byte[].class, id);
        assertThat(payloads).isNotEmpty();
        assertThat(payloads).allSatisfy(p -> assertThat(new String(p, StandardCharsets.UTF_8)).doesNotContain(secret));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM scim_user WHERE attributes::text LIKE ?", Long.class,
                "%" + secret + "%")).isZero();
    }

    @Test
    void fiftyConcurrentCreatesOfOneUserNameGiveExactlyOneUser() throws Exception {
        String token = newTenantToken();
        String userName = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Response>> creates = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String variant = i % 2 == 0 ? userName : userName.toUpperCase();
                creates.add(() -> scim("POST", "/Users", token, entraUser(variant, "obj")));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> scimTypes = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(creates)) {
                statuses.add(f.get().status());
                if (f.get().status() == 409) {
                    scimTypes.add(f.get().text("/scimType"));
                }
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
            assertThat(scimTypes).containsOnly("uniqueness");
        } finally {
            pool.shutdownNow();
        }
        assertThat(scim("GET", "/Users?filter=userName+eq+%22" + userName + "%22", token, null)
                .body().get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentPatchesOfOneUserAreAllApplied() throws Exception {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("patches"), "obj")).text("/id");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Response>> patches = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String role = "role-" + i;
                patches.add(() -> scim("PATCH", "/Users/" + id, token,
                        patch("[{\"op\":\"add\",\"path\":\"roles\",\"value\":[{\"value\":\"" + role + "\"}]}]")));
            }
            for (Future<Response> f : pool.invokeAll(patches)) {
                assertThat(f.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode user = scim("GET", "/Users/" + id, token, null).body();
        assertThat(user.get("roles")).hasSize(10);
        assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"10\"");
    }

    private List<Map<String, Object>> awaitRows(String sql, int expected, Object... args) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        List<Map<String, Object>> rows;
        do {
            rows = jdbc.queryForList(sql, args);
            if (rows.size() >= expected) {
                return rows;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return rows;
    }
}
