package dev.scimledger.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large groups: one-member PATCH latency on groups of 10, 10,000 and 100,000 members, the time to read the
 * 100,000-member group with and without its members, and to find it by one of its members (Entra's membership
 * check, {@code filter=id eq "…" and members[value eq "…"]}). Prints figures; asserts only that requests succeed.
 * Not part of the test run (tag "benchmark"); run it with:
 *
 * <pre>mvn -B -o -pl scim-gateway test -Dtest=LargeGroupBenchmark -Dbenchmark.excluded=none</pre>
 *
 * Members must be users of the tenant. Creating 110,010 users through SCIM would take most of an hour here, so the
 * benchmark registers them where the group commands look members up (the write side's userName claims, one SQL
 * statement); every group change then goes the whole way: HTTP, command, aggregate, event log, projection.
 */
@Tag("benchmark")
class LargeGroupBenchmark extends RunningService {

    private static final int BATCH = 1000;
    private static final int SAMPLES = 60;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void onePatchCostsTheSameWhateverTheGroupSize() {
        TenantAccess tenant = newTenant();
        String token = tenant.token();
        List<String> members = seedUsers(tenant.tenantId(), 110_010 + 2 * SAMPLES * 3);
        int next = 0;
        List<String> report = new ArrayList<>();
        String hundredThousand = null;
        String oneOfThem = null;
        for (int size : new int[]{10, 10_000, 100_000}) {
            String groupId = scim("POST", "/Groups", token, "{\"displayName\":\"bench-" + size + "-" + UUID.randomUUID() + "\"}").text("/id");
            long fillStart = System.nanoTime();
            for (int added = 0; added < size; added += BATCH) {
                int n = Math.min(BATCH, size - added);
                patch(token, groupId, "add", members.subList(next, next + n));
                next += n;
            }
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < SAMPLES + 10; i++) {
                String member = members.get(next++);
                long start = System.nanoTime();
                patch(token, groupId, "add", List.of(member));
                long took = System.nanoTime() - start;
                patch(token, groupId, "remove", List.of(member));
                if (i >= 10) { // the first ten warm up
                    latencies.add(took);
                }
            }
            report.add(String.format("one-member PATCH, group of %,7d: p50 %6.1f ms  p95 %6.1f ms  (filled in %.1f s)",
                    size, ms(latencies, 0.5), ms(latencies, 0.95), fillSeconds));
            if (size == 100_000) {
                hundredThousand = groupId;
                oneOfThem = members.get(next - SAMPLES - 10 - size / 2);
            }
        }
        List<Long> full = new ArrayList<>();
        List<Long> without = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Response read = scim("GET", "/Groups/" + hundredThousand, token, null);
            full.add(System.nanoTime() - start);
            assertThat(read.body().get("members")).hasSize(100_000);
            start = System.nanoTime();
            Response lean = scim("GET", "/Groups/" + hundredThousand + "?excludedAttributes=members", token, null);
            without.add(System.nanoTime() - start);
            assertThat(lean.body().has("members")).isFalse();
        }
        List<Long> byMember = new ArrayList<>();
        List<Long> anyGroupByMember = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            Response found = scim("GET", "/Groups?excludedAttributes=members&filter=" + java.net.URLEncoder.encode(
                    "id eq \"" + hundredThousand + "\" and members[value eq \"" + oneOfThem + "\"]",
                    java.nio.charset.StandardCharsets.UTF_8), token, null);
            byMember.add(System.nanoTime() - start);
            assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
            start = System.nanoTime();
            Response any = scim("GET", "/Groups?excludedAttributes=members&filter=" + java.net.URLEncoder.encode(
                    "members.value eq \"" + oneOfThem + "\"", java.nio.charset.StandardCharsets.UTF_8), token, null);
            anyGroupByMember.add(System.nanoTime() - start);
            assertThat(any.body().get("totalResults").asInt()).isEqualTo(1);
        }
        report.add(String.format("GET 100,000-member group with members:          p50 %7.1f ms", ms(full, 0.5)));
        report.add(String.format("filter id eq G and members[value eq U] (G of 100,000): p50 %7.1f ms", ms(byMember, 0.5)));
        report.add(String.format("filter members.value eq U (every group of the tenant):  p50 %7.1f ms",
                ms(anyGroupByMember, 0.5)));
        report.add(String.format("GET 100,000-member group, excludedAttributes=members: p50 %7.1f ms", ms(without, 0.5)));
        System.out.println("\n=== LargeGroupBenchmark ===");
        report.forEach(System.out::println);
    }

    private void patch(String token, String groupId, String op, List<String> ids) {
        StringBuilder value = new StringBuilder();
        for (String id : ids) {
            value.append(value.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        Response response = scim("PATCH", "/Groups/" + groupId, token,
                patch("[{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":[" + value + "]}]"));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(204);
    }

    private List<String> seedUsers(String tenantId, int count) {
        return jdbc.queryForList("""
                INSERT INTO user_name_claim (tenant_id, user_name_key, user_id)
                SELECT ?, 'bench-' || i || '@example.com', gen_random_uuid()::text FROM generate_series(1, ?) AS i
                RETURNING user_id""", String.class, tenantId, count);
    }

    private static double ms(List<Long> values, double q) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1e6;
    }
}
