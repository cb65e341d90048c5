package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's history re-published from a chosen time: the same CloudEvents (id, key, sequence) as the originals,
 * exactly for the tenant's events at or after that time, each tagged with the re-publication's id.
 */
class RepublicationTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    /** An event of the log as the re-publication must repeat it. */
    private record Original(String id, String key, long sequence) {
    }

    @Test
    void historyFromTheChosenTimeIsPublishedAgainTaggedWithTheRepublication() throws Exception {
        TenantAccess tenant = newTenant();
        TenantAccess other = newTenant();
        String early = scim("POST", "/Users", tenant.token(), entraUser(unique("early"), "e")).text("/id");
        String leaving = scim("POST", "/Users", tenant.token(), entraUser(unique("leaving"), "l")).text("/id");
        scim("POST", "/Users", other.token(), entraUser(unique("other-tenant"), "o"));
        Thread.sleep(20);
        Instant from = Instant.now();
        Thread.sleep(20);
        scim("PATCH", "/Users/" + early, tenant.token(), patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        scim("PATCH", "/Users/" + early, tenant.token(), patch("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Lead\"}]"));
        String late = scim("POST", "/Users", tenant.token(), entraUser(unique("late"), "n")).text("/id");
        scim("DELETE", "/Users/" + leaving, tenant.token(), null);
        scim("POST", "/Users", other.token(), entraUser(unique("other-tenant"), "o"));

        Map<String, Original> expected = new LinkedHashMap<>();
        jdbc.query("""
                SELECT event_identifier, aggregate_identifier, sequence_number FROM domain_event_entry
                WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ? AND time_stamp::timestamptz >= ?
                ORDER BY global_index""", rs -> {
            expected.put(rs.getString(1), new Original(rs.getString(1), tenant.tenantId() + "/" + rs.getString(2),
                    rs.getLong(3)));
        }, tenant.tenantId(), Timestamp.from(from));
        assertThat(expected.values()).extracting(Original::key).as("the writes after the chosen time")
                .contains(tenant.tenantId() + "/" + early, tenant.tenantId() + "/" + late,
                        tenant.tenantId() + "/" + leaving);

        Response started = call("POST", "/admin/tenants/" + tenant.tenantId() + "/republications", ADMIN_TOKEN,
                "{\"from\":\"" + from + "\"}");
        assertThat(started.status()).isEqualTo(202);
        String republication = started.text("/id");
        assertThat(started.header("Location")).endsWith("/admin/tenants/" + tenant.tenantId() + "/republications/"
                + republication);
        Response status = awaitDone(started.header("Location"));
        assertThat(status.text("/status")).isEqualTo("completed");
        assertThat(status.body().get("eventsPublished").asLong()).isEqualTo(expected.size());

        List<PublishedEvents.Published> records = PublishedEvents.read(bootstrapServers, "scim.events",
                read -> tagged(read, republication).size() >= expected.size(), Duration.ofSeconds(30));
        List<PublishedEvents.Published> republished = tagged(records, republication);
        assertThat(republished).extracting(r -> r.event().getId())
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(republished).allSatisfy(record -> {
            Original original = expected.get(record.event().getId());
            assertThat(record.key()).isEqualTo(original.key());
            assertThat(record.sequence()).isEqualTo(original.sequence());
            assertThat(record.event().getExtension("tenantid")).isEqualTo(tenant.tenantId());
        });
        Map<String, List<Long>> sequencesByKey = republished.stream().collect(Collectors.groupingBy(
                PublishedEvents.Published::key, Collectors.mapping(PublishedEvents.Published::sequence, Collectors.toList())));
        sequencesByKey.forEach((key, sequences) -> assertThat(sequences).as("in order for " + key).isSorted());
        PublishedEvents.Published firstOfLate = republished.stream()
                .filter(r -> r.key().equals(tenant.tenantId() + "/" + late) && r.sequence() == 0).findFirst().orElseThrow();
        PublishedEvents.Published originalOfLate = records.stream()
                .filter(r -> r.event().getId().equals(firstOfLate.event().getId()) && r.event().getExtension("republication") == null)
                .findFirst().orElseThrow();
        assertThat(firstOfLate.partition()).as("same key, same partition").isEqualTo(originalOfLate.partition());
        assertThat(firstOfLate.data()).as("the same data").isEqualTo(originalOfLate.data());
        assertThat(firstOfLate.type()).isEqualTo(originalOfLate.type());
    }

    @Test
    void aBadInstantIsRefusedAndAnUnknownTenantIsNotFound() {
        TenantAccess tenant = newTenant();
        Response bad = call("POST", "/admin/tenants/" + tenant.tenantId() + "/republications", ADMIN_TOKEN,
                "{\"from\":\"yesterday\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("/scimType")).isEqualTo("invalidValue");
        assertThat(call("POST", "/admin/tenants/no-such-tenant/republications", ADMIN_TOKEN,
                "{\"from\":\"2026-01-01T00:00:00Z\"}").status()).isEqualTo(404);
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/republications/no-such-republication",
                ADMIN_TOKEN, null).status()).isEqualTo(404);
    }

    private static List<PublishedEvents.Published> tagged(List<PublishedEvents.Published> records, String republication) {
        return records.stream().filter(r -> republication.equals(r.event().getExtension("republication"))).toList();
    }

    private Response awaitDone(String location) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Response status = call("GET", location, ADMIN_TOKEN, null);
        while (status.status() == 200 && status.text("/status").equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = call("GET", location, ADMIN_TOKEN, null);
        }
        assertThat(status.status()).isEqualTo(200);
        return status;
    }
}
