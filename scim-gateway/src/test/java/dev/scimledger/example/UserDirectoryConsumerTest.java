package dev.scimledger.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.PublishedEvents;
import dev.scimledger.gateway.RunningService;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example consumer, fed from the topic alone, ends with the same users as the service's own read model. */
class UserDirectoryConsumerTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void directoryBuiltFromTheTopicEqualsTheReadModel() {
        TenantAccess tenant = newTenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(scim("POST", "/Users", tenant.token(), entraUser(unique("directory-" + i), "obj-" + i)).text("/id"));
        }
        String deactivated = ids.get(0);
        String reactivated = ids.get(1);
        String renamed = ids.get(2);
        String deleted = ids.get(3);
        String erased = ids.get(4);
        String movedDepartment = ids.get(5);
        assertThat(scim("PATCH", "/Users/" + deactivated, tenant.token(),
                patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]")).status()).isEqualTo(200);
        assertThat(scim("PATCH", "/Users/" + reactivated, tenant.token(),
                patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]")).status()).isEqualTo(200);
        assertThat(scim("PATCH", "/Users/" + reactivated, tenant.token(),
                patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]")).status()).isEqualTo(200);
        assertThat(scim("PATCH", "/Users/" + renamed, tenant.token(), patch("""
                [{"op":"Replace","path":"displayName","value":"Renamed User"},
                 {"op":"Add","path":"title","value":"Staff Engineer"}]""")).status()).isEqualTo(200);
        assertThat(scim("PATCH", "/Users/" + movedDepartment, tenant.token(), patch("""
                [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                  "value":"Finance"},
                 {"op":"Replace","path":"active","value":"False"}]""")).status()).isEqualTo(200);
        assertThat(scim("DELETE", "/Users/" + deleted, tenant.token(), null).status()).isEqualTo(204);
        assertThat(scim("DELETE", "/Users/" + erased, tenant.token(), null).status()).isEqualTo(204);
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + erased + "/erasure", ADMIN_TOKEN,
                null).status()).isEqualTo(200);
        // a group's events share the topic; the directory reads past them
        assertThat(scim("POST", "/Groups", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Directory Readers",
                 "members":[{"value":"%s"}]}""".formatted(renamed)).status()).isEqualTo(201);

        long tenantEvents = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?""",
                Long.class, tenant.tenantId());
        UserDirectoryConsumer directory = new UserDirectoryConsumer(tenant.tenantId());
        directory.consume(bootstrapServers, "scim.events", read -> read.eventsRead() >= tenantEvents,
                Duration.ofSeconds(60), Duration.ofSeconds(60));

        assertThat(directory.eventsRead()).as("every event of the tenant was read").isEqualTo(tenantEvents);
        assertThat(directory.users()).as("deleted and erased users are gone").doesNotContainKeys(deleted, erased);
        assertThat(directory.users().get(deactivated).active()).isFalse();
        assertThat(directory.users().get(reactivated).active()).isTrue();
        assertThat(directory.users().get(renamed).attributes().path("title").asText()).isEqualTo("Staff Engineer");
        assertThat(asRows(directory.users())).isEqualTo(awaitReadModel(tenant.tenantId(), asRows(directory.users())));
    }

    /**
     * The same events as if each had been too large for a record (no data, {@code dataref}): the directory fetches
     * each from the admin API and ends as it does from the records themselves; without a way to fetch, it stops.
     */
    @Test
    void eventsPublishedByReferenceAreFetchedFromTheirDataref() {
        TenantAccess tenant = newTenant();
        String kept = scim("POST", "/Users", tenant.token(), entraUser(unique("ref-kept"), "ref-kept")).text("/id");
        String gone = scim("POST", "/Users", tenant.token(), entraUser(unique("ref-gone"), "ref-gone")).text("/id");
        assertThat(scim("PATCH", "/Users/" + kept, tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Ref\"}]")).status()).isEqualTo(200);
        assertThat(scim("DELETE", "/Users/" + gone, tenant.token(), null).status()).isEqualTo(204);
        List<PublishedEvents.Published> records = PublishedEvents.read(bootstrapServers, "scim.events",
                read -> read.stream().filter(r -> r.key().startsWith(tenant.tenantId() + "/")).count() >= 5,
                Duration.ofSeconds(30));

        UserDirectoryConsumer direct = new UserDirectoryConsumer(tenant.tenantId());
        UserDirectoryConsumer byReference = new UserDirectoryConsumer(tenant.tenantId(),
                UserDirectoryConsumer.fromAdminApi("http://127.0.0.1:" + port, ADMIN_TOKEN));
        UserDirectoryConsumer cannotFetch = new UserDirectoryConsumer(tenant.tenantId());
        for (PublishedEvents.Published record : records) {
            direct.apply(record.event());
            CloudEvent withoutData = CloudEventBuilder.v1(record.event()).withoutData().withoutDataContentType()
                    .withExtension("dataref", URI.create("/admin/tenants/" + record.event().getExtension("tenantid")
                            + "/events/" + record.event().getId()))
                    .build();
            byReference.apply(withoutData);
            if (record.key().startsWith(tenant.tenantId() + "/") && record.type().startsWith("dev.scimledger.user-")) {
                assertThatThrownBy(() -> cannotFetch.apply(withoutData)).hasMessageContaining("published by reference");
            }
        }
        assertThat(direct.users()).containsOnlyKeys(kept);
        assertThat(direct.users().get(kept).attributes().path("title").asText()).isEqualTo("Ref");
        assertThat(byReference.users()).isEqualTo(direct.users());
    }

    /** A user as both sides can show it: id, userName, active and attributes. */
    private record Row(String id, String userName, boolean active, JsonNode attributes) {
    }

    private static Map<String, Row> asRows(Map<String, UserDirectoryConsumer.User> users) {
        Map<String, Row> rows = new TreeMap<>();
        users.forEach((id, user) -> rows.put(id, new Row(id, user.userName(), user.active(), user.attributes())));
        return rows;
    }

    /** The read model is a projection of its own; it may apply the last events a moment after the topic has them. */
    private Map<String, Row> awaitReadModel(String tenantId, Map<String, Row> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Row> rows = readModel(tenantId);
        while (!rows.equals(expected) && System.nanoTime() < deadline) {
            sleep();
            rows = readModel(tenantId);
        }
        return rows;
    }

    private Map<String, Row> readModel(String tenantId) {
        Map<String, Row> rows = new TreeMap<>();
        jdbc.query("SELECT user_id, user_name, active, attributes::text FROM scim_user WHERE tenant_id = ? AND NOT deleted",
                rs -> {
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            json(rs.getString(4))));
                }, tenantId);
        return rows;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
