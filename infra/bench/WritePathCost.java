import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one SCIM write costs the database, counted by PostgreSQL itself: for N sequential creates (POST /Users) and
 * then N disables (PATCH active, as Entra sends it), the statements every role of the service ran (pg_stat_statements,
 * grouped by statement), and the transactions committed (pg_stat_database), each divided by N. The background work
 * of an idle service (the event store's poll, claim renewals, the segment balancer) is measured over the same length
 * of time with no requests and subtracted. The counts include everything the write sets off: the command's own
 * transaction and each projection's work for its events, waited for before counting stops.
 *
 *   java -cp postgresql.jar infra/bench/WritePathCost.java BASE_URL ADMIN_TOKEN PG_PORT [N=200] [OUT.md] [CLIENTS=1]
 *
 * With CLIENTS above 1 the N requests are sent by that many concurrent clients, so the projections see batches of
 * several events, as under load; with 1, every event is a batch of its own.
 *
 * The service's PostgreSQL must preload pg_stat_statements
 * ({@code --scim.embedded.postgres.server.shared_preload_libraries=pg_stat_statements}); infra/bench/run.sh does.
 */
public class WritePathCost {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    record Counted(long commits, long rollbacks, Map<String, Long> calls, double seconds) {
        long statements() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!base.startsWith("http://127.0.0.1") && !base.startsWith("http://localhost")) {
            throw new IllegalArgumentException("loopback targets only: " + base);
        }
        String admin = args[1];
        int pgPort = Integer.parseInt(args[2]);
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String out = args.length > 4 && !args[4].equals("-") ? args[4] : null;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 1;

        String tenant = match(ID, send(admin, "POST", base + "/admin/tenants",
                "{\"name\":\"cost-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", 201));
        String token = match(TOKEN, send(admin, "POST", base + "/admin/tenants/" + tenant + "/tokens", null, 201));
        send(admin, "PATCH", base + "/admin/tenants/" + tenant, "{\"rateLimitPerSecond\":100000}", 200);
        String scim = base + "/api/service/scim";

        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres",
                System.getenv().getOrDefault("PGPASSWORD", ""))) {
            try (Statement s = pg.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            List<String> ids = new ArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 20; i++) { // warm-up, not counted
                ids.add(match(ID, send(token, "POST", scim + "/Users", user("warm-" + run + "-" + i), 201)));
            }
            awaitIdle(pg);

            Counted idle = count(pg, () -> Thread.sleep(3000));
            double idlePerSecond = 1.0 / idle.seconds;

            List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
            Counted creates = count(pg, () -> {
                parallel(clients, n, i -> created.add(match(ID, send(token, "POST", scim + "/Users",
                        user("cost-" + run + "-" + i), 201))));
                awaitIdle(pg);
            });
            List<String> createdIds = new ArrayList<>(created);
            Counted patches = count(pg, () -> {
                parallel(clients, createdIds.size(), i -> send(token, "PATCH", scim + "/Users/" + createdIds.get(i), """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"Replace","path":"active","value":"False"}]}""", 200));
                awaitIdle(pg);
            });

            StringBuilder report = new StringBuilder();
            report.append("### Cost of one write (").append(n).append(" requests each from ").append(clients)
                    .append(clients == 1 ? " client" : " concurrent clients").append(", background subtracted)\n\n");
            report.append("Background of the idle service: ")
                    .append(String.format("%.1f statements/s, %.1f commits/s", idle.statements() * idlePerSecond,
                            idle.commits * idlePerSecond)).append(".\n\n");
            report.append("| per request | POST /Users | PATCH active |\n|---|---|---|\n");
            report.append(row("transactions committed", creates, patches, idle, n, c -> (double) c.commits));
            report.append(row("transactions rolled back", creates, patches, idle, n, c -> (double) c.rollbacks));
            report.append(row("SQL statements", creates, patches, idle, n, c -> (double) c.statements()));
            report.append("\nStatements per request, by statement (at least 0.05 per request after subtraction):\n\n");
            report.append("| statement | per create | per PATCH |\n|---|---|---|\n");
            Map<String, Long> all = new LinkedHashMap<>(creates.calls);
            patches.calls.forEach((k, v) -> all.merge(k, 0L, Long::sum));
            all.keySet().stream()
                    .sorted((a, b) -> Double.compare(perRequest(creates, idle, a, n) + perRequest(patches, idle, a, n),
                            perRequest(creates, idle, b, n) + perRequest(patches, idle, b, n)) * -1)
                    .filter(q -> perRequest(creates, idle, q, n) >= 0.05 || perRequest(patches, idle, q, n) >= 0.05)
                    .forEach(q -> report.append("| `").append(q).append("` | ")
                            .append(String.format("%.2f", perRequest(creates, idle, q, n))).append(" | ")
                            .append(String.format("%.2f", perRequest(patches, idle, q, n))).append(" |\n"));
            System.out.println(report);
            if (out != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(out), report.toString());
            }
        }
    }

    interface Request {
        void send(int i) throws Exception;
    }

    /** Requests 0..n-1, spread over {@code clients} threads. */
    private static void parallel(int clients, int n, Request request) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        request.send(i);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    interface Work {
        void run() throws Exception;
    }

    interface Figure {
        double of(Counted counted);
    }

    private static String row(String name, Counted creates, Counted patches, Counted idle, int n, Figure figure) {
        return "| " + name + " | " + String.format("%.2f", net(figure, creates, idle) / n) + " | "
                + String.format("%.2f", net(figure, patches, idle) / n) + " |\n";
    }

    /** The figure less the idle service's own over the same length of time. */
    private static double net(Figure figure, Counted counted, Counted idle) {
        return Math.max(0, figure.of(counted) - figure.of(idle) / idle.seconds * counted.seconds);
    }

    private static double perRequest(Counted counted, Counted idle, String query, int n) {
        double background = idle.calls.getOrDefault(query, 0L) / idle.seconds * counted.seconds;
        return Math.max(0, counted.calls.getOrDefault(query, 0L) - background) / n;
    }

    /** Runs the work between two readings of the counters; the idle background over the same time is subtracted later. */
    private static Counted count(Connection pg, Work work) throws Exception {
        try (Statement s = pg.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
            s.execute("SELECT pg_stat_reset()");
        }
        Thread.sleep(600); // statistics reach pg_stat_database after up to PGSTAT_MIN_INTERVAL (1 s in 15+)
        long[] before = transactions(pg);
        long started = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1200);
        long[] after = transactions(pg);
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT s.query, sum(s.calls) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE r.rolname <> 'postgres' GROUP BY s.query""")) {
            while (rs.next()) {
                calls.merge(normalise(rs.getString(1)), rs.getLong(2), Long::sum);
            }
        }
        double measured = seconds + 1.2 + 0.6;
        return new Counted(after[0] - before[0], after[1] - before[1], calls, measured);
    }

    private static String normalise(String query) {
        String q = query.replaceAll("\\s+", " ").trim();
        return q.length() > 110 ? q.substring(0, 107) + "..." : q;
    }

    /** Commits and rollbacks of the service's database (pg_stat_database, the application's transactions only). */
    private static long[] transactions(Connection pg) throws SQLException {
        // the counters are sent by each backend at most once a second; force this backend's own out and wait a beat
        try (Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()""")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Until every projection has applied every event: the audit trail, the chain and Kafka have them all. */
    private static void awaitIdle(Connection pg) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = pg.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT (SELECT count(*) FROM domain_event_entry e WHERE NOT EXISTS
                                   (SELECT 1 FROM audit_event a WHERE a.event_id = e.event_identifier))
                              + (SELECT count(*) FROM domain_event_entry e WHERE NOT EXISTS
                                   (SELECT 1 FROM event_chain c WHERE c.event_id = e.event_identifier))""")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        // the publisher: its tokens at the head (read through the admin API would add statements; poll the tokens)
        while (System.nanoTime() < deadline) {
            try (Statement s = pg.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT count(*) FROM token_entry
                         WHERE processor_name = 'kafka-publisher'
                           AND convert_from(token, 'UTF8')::jsonb ->> 'index' IS NOT NULL
                           AND (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint
                               < (SELECT max(global_index) FROM domain_event_entry)""")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    break;
                }
            } catch (SQLException unreadable) {
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(300);
    }

    private static String user(String name) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s@cost.example",
                 "externalId":"%2$s","active":true,"displayName":"Cost User",
                 "name":{"givenName":"Cost","familyName":"User"},
                 "emails":[{"type":"work","value":"%1$s@cost.example","primary":true}]}""".formatted(name, UUID.randomUUID());
    }

    private static String send(String token, String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", url.contains("/admin/") ? "application/json" : "application/scim+json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }
}
