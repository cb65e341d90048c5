package dev.scimledger.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit export on 1,000,000 rows of one tenant: rows per second for CSV and JSON Lines, and the JVM's heap
 * meanwhile (the service runs in this JVM: sampled every 5 ms; old generation after collections), then the time of
 * filtered pages on the same trail, and the plans PostgreSQL chooses. Prints figures; asserts only the row counts.
 * Not part of the test run (tag "benchmark"); run it with:
 *
 * <pre>mvn -B -o -pl scim-gateway -am test -Dtest=AuditExportBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.excluded=none</pre>
 *
 * The rows are written straight into {@code audit_event} (one generate_series statement; through SCIM a million
 * events would take hours here) and deleted afterwards.
 */
@Tag("benchmark")
class AuditExportBenchmark extends RunningService {

    private static final int ROWS = 1_000_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exportAMillionRows() throws Exception {
        TenantAccess tenant = newTenant();
        String tokenId = call("GET", "/admin/tenants/" + tenant.tenantId() + "/tokens", ADMIN_TOKEN, null)
                .body().at("/tokens/0/id").asText();
        List<String> report = new ArrayList<>();
        long start = System.nanoTime();
        AuditTrailApiTest.insertSyntheticRows(jdbc, tenant.tenantId(), tokenId, ROWS);
        jdbc.execute("ANALYZE audit_event");
        report.add(String.format("inserted %,d rows (6 indexes) in %.1f s", ROWS, (System.nanoTime() - start) / 1e9));
        report.add(String.format("JVM max heap %,d MB", Runtime.getRuntime().maxMemory() >> 20));
        try {
            for (int round = 0; round < 2; round++) { // the first warms up
                for (String format : new String[]{"csv", "jsonl"}) {
                    String line = export(tenant.tenantId(), "format=" + format + "&actor=" + tokenId, ROWS);
                    if (round == 1) {
                        report.add(line);
                    }
                }
            }

            String t = tenant.tenantId();
            report.add(page(t, "count=1000", "first page, no filter"));
            report.add(page(t, "count=1000&from=2025-01-01T00:08:20Z", "a page from the middle (from)"));
            report.add(page(t, "count=1000&from=2025-01-01T00:08:20Z&to=2025-01-01T00:08:21Z", "one second"));
            report.add(page(t, "count=1000&actor=" + tokenId + "&from=2025-01-01T00:10:00Z", "actor + from"));
            report.add(page(t, "count=1000&type=UserDeactivatedEvent&from=2025-01-01T00:10:00Z", "one type + from"));
            report.add(page(t, "count=1000&type=UserDeactivatedEvent,UserCreatedEvent", "two types"));
            String resource = jdbc.queryForObject("SELECT resource_id FROM audit_event WHERE tenant_id = ? AND token_id = ?"
                    + " LIMIT 1", String.class, t, tokenId);
            report.add(page(t, "count=1000&resourceId=" + resource, "one resource (200 events)"));
            report.add(page(t, "count=1000&resourceType=Tenant", "resourceType=Tenant (2 among 1M)"));
            report.add(page(t, "count=1000&actor=admin-api", "actor=admin-api (2 among 1M)"));

            report.add("plans:");
            report.addAll(explainExport("""
                    SELECT a.*, k.name FROM audit_event a LEFT JOIN scim_token k ON k.id = a.token_id AND k.tenant_id = a.tenant_id
                    WHERE a.tenant_id = ? AND a.token_id = ? ORDER BY a.occurred_at, a.sequence_number, a.event_id""", t, tokenId));
            report.addAll(explainExport("""
                    SELECT a.*, k.name FROM audit_event a LEFT JOIN scim_token k ON k.id = a.token_id AND k.tenant_id = a.tenant_id
                    WHERE a.tenant_id = ? AND a.event_type IN ('UserCreatedEvent', 'UserDeactivatedEvent')
                    ORDER BY a.occurred_at, a.sequence_number, a.event_id""", t));
            report.addAll(explain("""
                    SELECT event_id FROM audit_event a WHERE a.tenant_id = ? AND a.occurred_at >= '2025-01-01T00:08:20Z'
                      AND (a.occurred_at, a.sequence_number, a.event_id) > ('2025-01-01T00:08:20Z', 0, '')
                    ORDER BY a.occurred_at, a.sequence_number, a.event_id LIMIT 1001""", t));
            report.addAll(explain("""
                    SELECT event_id FROM audit_event a WHERE a.tenant_id = ? AND a.resource_type = 'Tenant'
                    ORDER BY a.occurred_at, a.sequence_number, a.event_id LIMIT 1001""", t));
            report.addAll(explain("""
                    SELECT event_id FROM audit_event a WHERE a.tenant_id = ? AND a.event_type IN ('UserDeactivatedEvent')
                    ORDER BY a.occurred_at, a.sequence_number, a.event_id LIMIT 1001""", t));
        } finally {
            jdbc.update("DELETE FROM audit_event WHERE tenant_id = ?", tenant.tenantId());
        }
        System.out.println("\n=== audit export benchmark ===\n" + String.join("\n", report) + "\n");
    }

    /** Streams one export, counting lines as they arrive, while a thread samples the heap. */
    private String export(String tenantId, String query, int expectedRows) throws Exception {
        System.gc();
        long baseline = heapUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long oldGenBefore = oldGenAfterCollection();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/admin/tenants/" + tenantId + "/audit/export?" + query))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long firstByte = System.nanoTime();
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.join();
        long oldGenAfter = oldGenAfterCollection();
        assertThat(response.statusCode()).isEqualTo(200);
        long rows = query.contains("format=csv") ? lines - 1 : lines;
        assertThat(rows).isEqualTo(expectedRows);
        return String.format("%-6s %,d rows, %,d MB in %.2f s: %,.0f rows/s (first byte after %.0f ms); heap used:"
                        + " %,d MB before, peak %,d MB while streaming; old generation after GC %,d MB -> %,d MB",
                query.substring(7, query.indexOf('&')), rows, bytes >> 20, seconds, rows / seconds,
                (firstByte - start) / 1e6, baseline >> 20, peak.get() >> 20, oldGenBefore >> 20, oldGenAfter >> 20);
    }

    private String page(String tenantId, String query, String what) {
        List<Double> times = new ArrayList<>();
        int events = 0;
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            Response page = call("GET", "/admin/tenants/" + tenantId + "/audit?" + query, ADMIN_TOKEN, null);
            times.add((System.nanoTime() - start) / 1e6);
            assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
            events = page.body().path("events").size();
        }
        Collections.sort(times);
        return String.format("page %-40s %5d events, median %6.1f ms", what, events, times.get(times.size() / 2));
    }

    private List<String> explain(String sql, String tenantId) {
        List<String> plan = new ArrayList<>();
        plan.add("  " + sql.lines().map(String::trim).reduce((a, b) -> a + " " + b).orElse(""));
        jdbc.query("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, rs -> {
            plan.add("    " + rs.getString(1));
        }, tenantId);
        return plan;
    }

    /** The plan of an export's statement as the export runs it, without sorts (not run). */
    private List<String> explainExport(String sql, Object... parameters) {
        List<String> plan = new ArrayList<>();
        plan.add("  " + sql.lines().map(String::trim).reduce((a, b) -> a + " " + b).orElse(""));
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET enable_sort = off"); // as the export has it
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    explain.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.add("    " + rs.getString(1));
                    }
                }
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("RESET enable_sort");
                }
            }
            return null;
        });
        return plan;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The old generation's occupancy after its latest collection: what survives, not what awaits collection. */
    private static long oldGenAfterCollection() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                return pool.getCollectionUsage().getUsed();
            }
        }
        return -1;
    }
}
