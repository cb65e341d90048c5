package dev.scimledger.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure that keeps the log whole: a person's personal data is encrypted in the log with the person's key, and
 * erasing the person deletes the key. Afterwards a byte search of every table, the whole Kafka topic, the audit
 * exports and the service's log output finds none of the person's values (while it does find a second person's,
 * so the search itself is shown to work), and the chain still verifies.
 */
class ErasureTest extends RunningService {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    /** A user's personal values, each a string found nowhere else. */
    private record Person(String userName, String givenName, String familyName, String externalId, String phone,
                          String department, String renamedDisplayName) {
        static Person random() {
            String r = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            return new Person("Erasable.P" + r + "@example.com", "Gwendolyn" + r, "Quixotic" + r, "ext" + r,
                    "+1 555 " + Math.abs(r.hashCode() % 10_000_000), "Dept" + r, "Renamed" + r);
        }

        List<String> values() {
            return List.of(userName, givenName, familyName, externalId, phone, department, renamedDisplayName);
        }

        String body() {
            return """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                     "userName":"%s","externalId":"%s","active":true,"displayName":"%s %s",
                     "name":{"givenName":"%s","familyName":"%s"},
                     "emails":[{"primary":true,"type":"work","value":"%s"}],
                     "phoneNumbers":[{"type":"work","value":"%s"}],
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"%s"}}
                    """.formatted(userName, externalId, givenName, familyName, givenName, familyName, userName, phone,
                    department);
        }
    }

    @Test
    void anErasedPersonLeavesNoPlaintextInTheDatabaseTheTopicTheExportsOrTheLogsAndTheChainStillVerifies()
            throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        // the publisher is held back, so every event of the person reaches Kafka after the erasure: the case of a
        // publisher that lags, or of a consumer fed later
        EventProcessor publisher = processing.eventProcessor("kafka-publisher").orElseThrow();
        publisher.shutDown();
        TenantAccess tenant = newTenant();
        Person erased = Person.random();
        Person kept = Person.random();
        String userId;
        try {
            userId = scim("POST", "/Users", tenant.token(), erased.body()).text("/id");
            String keptId = scim("POST", "/Users", tenant.token(), kept.body()).text("/id");
            assertThat(userId).isNotBlank();
            assertThat(keptId).isNotBlank();
            assertThat(scim("PATCH", "/Users/" + userId, tenant.token(), patch(
                    "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + erased.renamedDisplayName() + "\"}]"))
                    .status()).isEqualTo(200);
            String groupId = scim("POST", "/Groups", tenant.token(), """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Erasure team %s",
                     "members":[{"value":"%s"},{"value":"%s"}]}""".formatted(UUID.randomUUID(), userId, keptId))
                    .text("/id");
            assertThat(groupId).isNotBlank();
            // a conflicting create names the userName in its answer to the client, never in a log
            assertThat(scim("POST", "/Users", tenant.token(), erased.body()).status()).isEqualTo(409);
            Instant whileProvisioned = Instant.now();

            // encrypted at rest from the start: the log never held either person's values in plaintext
            byte[] log = eventLogOf(tenant.tenantId());
            for (String value : erased.values()) {
                assertThat(contains(log, value)).as("the log holds %s in plaintext", value).isFalse();
            }
            assertThat(contains(log, kept.userName())).isFalse();

            // a rebuild now leaves a copy of the person in the rebuild's tables: the erasure must reach it too
            assertThat(rebuilt("scim-read-model", tenant.tenantId()).get("verdict").asText()).isEqualTo("equal");
            assertThat(jdbc.queryForObject("SELECT user_name FROM scim_user_rebuild WHERE user_id = ?", String.class,
                    userId)).isEqualTo(erased.userName());

            Response refused = call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + userId + "/erasure",
                    ADMIN_TOKEN, null);
            assertThat(refused.status()).as("a provisioned user is deleted first").isEqualTo(409);
            assertThat(refused.text("/detail")).contains("delete it");

            assertThat(scim("DELETE", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(204);
            Response erasure = call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + userId + "/erasure",
                    ADMIN_TOKEN, null);
            assertThat(erasure.status()).isEqualTo(200);
            assertThat(erasure.text("/actor")).isEqualTo("admin-api");
            assertThat(erasure.body().get("alreadyErased").asBoolean()).isFalse();
            Response again = call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + userId + "/erasure",
                    ADMIN_TOKEN, null);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().get("alreadyErased").asBoolean()).isTrue();
            assertThat(again.text("/erasedAt")).isEqualTo(erasure.text("/erasedAt"));
            assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + UUID.randomUUID() + "/erasure",
                    ADMIN_TOKEN, null).status()).isEqualTo(404);
            TenantAccess other = newTenant();
            assertThat(call("POST", "/admin/tenants/" + other.tenantId() + "/users/" + keptId + "/erasure",
                    ADMIN_TOKEN, null).status()).as("another tenant's user").isEqualTo(404);

            // reads: SCIM does not find the user; time travel shows it erased, and erased at every earlier instant
            assertThat(scim("GET", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(404);
            Response now = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + userId + "?at="
                    + Instant.now(), ADMIN_TOKEN, null);
            assertThat(now.text("/state")).isEqualTo("erased");
            Response before = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + userId + "?at="
                    + whileProvisioned, ADMIN_TOKEN, null);
            assertThat(before.text("/state")).isEqualTo("present");
            assertThat(before.text("/attributes/userName")).isEqualTo("[erased]");
            assertThat(before.body().get("attributes").has("phoneNumbers")).as("which attributes it had").isTrue();
            Response keptBefore = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + keptId
                    + "?at=" + whileProvisioned, ADMIN_TOKEN, null);
            assertThat(keptBefore.text("/attributes/userName")).isEqualTo(kept.userName());
        } finally {
            publisher.start();
        }

        // the erasure is an audited event with its actor, and reaches Kafka for downstream consumers
        String audited = await("the erasure in the audit trail", () -> {
            String body = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?type=UserErasedEvent&resourceId="
                    + userId, ADMIN_TOKEN, null).raw().body();
            return body.contains("UserErasedEvent") ? body : null;
        });
        assertThat(audited).contains("admin-api").contains("personalData");
        String key = tenant.tenantId() + "/" + userId;
        List<PublishedEvents.Published> personsRecords = PublishedEvents.withKey(PublishedEvents.read(bootstrapServers,
                "scim.events", read -> PublishedEvents.withKey(read, key).stream()
                        .anyMatch(r -> r.type().equals("dev.scimledger.user-erased.v1")), Duration.ofSeconds(120)), key);
        assertThat(personsRecords).extracting(PublishedEvents.Published::type).containsSubsequence(
                "dev.scimledger.user-created.v1", "dev.scimledger.user-attributes-changed.v1",
                "dev.scimledger.user-deleted.v1", "dev.scimledger.user-erased.v1");
        assertThat(personsRecords.get(0).data().at("/userName").asText()).isEqualTo("[erased]");
        List<ConsumerRecord<byte[], byte[]>> topic = readTopic();
        await("the read model's tombstone", () -> "[erased]".equals(jdbc.queryForObject(
                "SELECT user_name FROM scim_user WHERE user_id = ?", String.class, userId)));

        // the byte search: every table, the whole topic, both audit exports, everything logged
        byte[] database = everyTable();
        byte[] kafka = everyRecord(topic);
        String jsonl = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit/export?format=jsonl", ADMIN_TOKEN, null)
                .raw().body();
        String csv = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit/export?format=csv", ADMIN_TOKEN, null)
                .raw().body();
        assertThat(jsonl).contains("UserErasedEvent").contains(userId);
        String logged = logged(logs);
        root.detachAppender(logs);
        for (String value : erased.values()) {
            assertThat(contains(database, value)).as("the database holds %s", value).isFalse();
            assertThat(contains(kafka, value)).as("the topic holds %s", value).isFalse();
            assertThat(contains(jsonl.getBytes(StandardCharsets.UTF_8), value)).as("the JSON Lines export holds %s", value).isFalse();
            assertThat(contains(csv.getBytes(StandardCharsets.UTF_8), value)).as("the CSV export holds %s", value).isFalse();
            assertThat(contains(logged.getBytes(StandardCharsets.UTF_8), value)).as("the logs hold %s", value).isFalse();
        }
        // the search finds what is there: the person who was not erased is in the read model and on the topic
        assertThat(contains(database, kept.userName())).isTrue();
        assertThat(contains(database, kept.givenName())).isTrue();
        assertThat(contains(kafka, kept.familyName())).isTrue();
        assertThat(contains(everyRecord(topic.stream().filter(r -> r.topic().equals("scim.events.set")).toList()),
                kept.givenName())).as("the security event tokens are searched, decoded").isTrue();

        // replay still works: rebuilt from the log, where the person now reads erased, both projections equal the live
        for (String projection : List.of("scim-read-model", "audit-trail")) {
            JsonNode done = rebuilt(projection, tenant.tenantId());
            assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("equal");
            assertThat(done.get("liveDigest").asText()).isEqualTo(done.get("rebuiltDigest").asText());
        }
        assertThat(jdbc.queryForObject("SELECT user_name FROM scim_user_rebuild WHERE user_id = ?", String.class,
                userId)).isEqualTo("[erased]");
        assertThat(contains(everyTable(), erased.userName())).isFalse();

        // the log is whole: the chain over the tenant's events, the erasure included, verifies
        int events = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?""", Integer.class, tenant.tenantId());
        Response verified = await("the tenant's events sealed", () -> {
            Response v = call("POST", "/admin/chain/verify?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            return v.body().path("links").asInt() >= events ? v : null;
        });
        assertThat(verified.body().get("intact").asBoolean()).as(verified.body().toString()).isTrue();
    }

    @Test
    void timeTravelTellsADeletedUserFromAnErasedOne() {
        TenantAccess tenant = newTenant();
        Person person = Person.random();
        String userId = scim("POST", "/Users", tenant.token(), person.body()).text("/id");
        assertThat(scim("DELETE", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(204);
        Response deleted = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + userId + "?at="
                + Instant.now(), ADMIN_TOKEN, null);
        assertThat(deleted.text("/state")).isEqualTo("deleted");
        assertThat(deleted.text("/attributes/userName")).isEqualTo(person.userName());
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + userId + "/erasure", ADMIN_TOKEN,
                null).status()).isEqualTo(200);
        Response erased = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + userId + "?at="
                + Instant.now() + "&format=text", ADMIN_TOKEN, null);
        assertThat(erased.raw().body()).contains("personal data erased").doesNotContain(person.userName());
    }

    /**
     * Users had no snapshots, so a user changed often cost more to load with every change (each change stores the
     * whole user). Now they are snapshotted, and since a snapshot holds the user in plaintext, the erasure deletes it.
     */
    @Test
    void aUserChangedOftenIsSnapshottedAndItsErasureDeletesTheSnapshot() {
        TenantAccess tenant = newTenant();
        Person person = Person.random();
        String userId = scim("POST", "/Users", tenant.token(), person.body()).text("/id");
        for (int i = 0; i < 60; i++) {
            assertThat(scim("PATCH", "/Users/" + userId, tenant.token(), patch(
                    "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"title " + i + "\"}]")).status()).isEqualTo(200);
        }
        await("a snapshot of the user", () -> jdbc.queryForObject(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Integer.class, userId) > 0
                ? Boolean.TRUE : null);
        Response patched = scim("PATCH", "/Users/" + userId, tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"after the snapshot\"}]"));
        assertThat(patched.text("/title")).isEqualTo("after the snapshot");
        assertThat(patched.text("/meta/version")).isEqualTo("W/\"61\"");

        assertThat(scim("DELETE", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(204);
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + userId + "/erasure", ADMIN_TOKEN,
                null).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Integer.class, userId)).as("the erasure deleted the snapshot").isZero();
        byte[] snapshots = jdbc.query("SELECT string_agg(encode(payload, 'escape'), '') FROM snapshot_event_entry",
                (ResultSet rs) -> rs.next() && rs.getString(1) != null ? rs.getString(1).getBytes(StandardCharsets.UTF_8)
                        : new byte[0]);
        assertThat(contains(snapshots, person.userName())).isFalse();
    }

    /**
     * A deleted tenant's people used to stay readable forever (erasure refused a deleted tenant, and their keys
     * stayed). Now the admin erases them all, provisioned or not, and the tenant's chain still verifies.
     */
    @Test
    void aDeletedTenantsPeopleAreErasedAndItsChainStillVerifies() {
        TenantAccess tenant = newTenant();
        Person kept = Person.random();
        Person deleted = Person.random();
        String keptId = scim("POST", "/Users", tenant.token(), kept.body()).text("/id");
        String deletedId = scim("POST", "/Users", tenant.token(), deleted.body()).text("/id");
        assertThat(scim("DELETE", "/Users/" + deletedId, tenant.token(), null).status()).isEqualTo(204);
        String admin = "/admin/tenants/" + tenant.tenantId();
        assertThat(call("POST", admin + "/erasure", ADMIN_TOKEN, null).status()).as("a live tenant").isEqualTo(409);

        assertThat(call("POST", admin + "/suspend", ADMIN_TOKEN, "{\"reason\":\"offboarding\"}").status()).isEqualTo(200);
        assertThat(call("DELETE", admin, ADMIN_TOKEN, null).status()).isIn(200, 204);
        Response erasure = call("POST", admin + "/erasure", ADMIN_TOKEN, null);
        assertThat(erasure.status()).as(erasure.raw().body()).isEqualTo(200);
        assertThat(erasure.body().get("usersErased").asInt()).isEqualTo(2);
        assertThat(call("POST", admin + "/erasure", ADMIN_TOKEN, null).body().get("usersErased").asInt())
                .as("asked again: nobody is left").isZero();

        for (String userId : List.of(keptId, deletedId)) {
            assertThat(jdbc.queryForObject("SELECT erased_at IS NOT NULL FROM personal_data_key WHERE tenant_id = ?"
                    + " AND subject_id = ?", Boolean.class, tenant.tenantId(), userId)).as(userId).isTrue();
            Response history = call("GET", admin + "/history/users/" + userId + "?at=" + Instant.now() + "&format=text",
                    ADMIN_TOKEN, null);
            assertThat(history.raw().body()).doesNotContain(kept.userName()).doesNotContain(deleted.userName());
        }
        assertThat(call("POST", "/admin/tenants/" + java.util.UUID.randomUUID() + "/erasure", ADMIN_TOKEN, null).status())
                .isEqualTo(404);
        Response verified = await("the chain verifies", () -> {
            Response v = call("POST", "/admin/chain/verify?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            return v.body().path("pending").asInt(1) == 0 ? v : null;
        });
        assertThat(verified.body().get("intact").asBoolean()).as(verified.body().toString()).isTrue();
    }

    /** Rebuilds a projection, comparing the tenant's rows; the rebuild's final status. */
    private byte[] eventLogOf(String tenantId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        jdbc.query("""
                SELECT payload, meta_data FROM domain_event_entry
                WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?""", (ResultSet rs) -> {
            bytes.writeBytes(rs.getBytes(1));
            bytes.writeBytes(rs.getBytes(2));
        }, tenantId);
        return bytes.toByteArray();
    }

    /** Every column of every row of every table of the database's own schemas, as the superuser reads them. */
    private byte[] everyTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String url;
        try (Connection app = dataSource.getConnection()) {
            url = app.getMetaData().getURL();
        }
        try (Connection db = DriverManager.getConnection(url, "postgres", superuserPassword())) {
            List<String> tables = new ArrayList<>();
            try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery("""
                    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
                    WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("public.domain_event_entry", "public.scim_user", "public.audit_event",
                    "public.personal_data_key", "public.snapshot_event_entry");
            for (String table : tables) {
                try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            byte[] value = "bytea".equals(rs.getMetaData().getColumnTypeName(c)) ? rs.getBytes(c)
                                    : rs.getString(c) == null ? null : rs.getString(c).getBytes(StandardCharsets.UTF_8);
                            if (value != null) {
                                bytes.writeBytes(value);
                                bytes.write('\n');
                            }
                        }
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private List<ConsumerRecord<byte[], byte[]>> readTopic() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "erasure-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("scim.events", "scim.events.set"));
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                int before = records.size();
                consumer.poll(Duration.ofMillis(400)).forEach(records::add);
                emptyPolls = records.size() == before ? emptyPolls + 1 : 0;
            }
        }
        return records;
    }

    /** Every record's bytes; a security event token's header and claims decoded too (they are base64url). */
    private static byte[] everyRecord(List<ConsumerRecord<byte[], byte[]>> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() != null) {
                bytes.writeBytes(record.key());
            }
            if (record.value() != null) {
                bytes.writeBytes(record.value());
                if (record.topic().endsWith(".set")) {
                    String[] parts = new String(record.value(), StandardCharsets.US_ASCII).split("\\.");
                    bytes.writeBytes(java.util.Base64.getUrlDecoder().decode(parts[0]));
                    bytes.writeBytes(java.util.Base64.getUrlDecoder().decode(parts[1]));
                }
            }
            for (Header header : record.headers()) {
                bytes.writeBytes(header.key().getBytes(StandardCharsets.UTF_8));
                if (header.value() != null) {
                    bytes.writeBytes(header.value());
                }
            }
        }
        return bytes.toByteArray();
    }

    private static String logged(ListAppender<ILoggingEvent> logs) {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            text.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                text.append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** Whether {@code value} occurs in {@code haystack}, ignoring case (a userName is also kept lower-cased). */
    private static boolean contains(byte[] haystack, String value) {
        String text = new String(haystack, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        String needle = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return text.contains(needle) || text.contains(URLEncoder.encode(value, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    private static <T> T await(String what, Supplier<T> condition) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            T value = condition.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            assertThat(Instant.now()).as(what).isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
