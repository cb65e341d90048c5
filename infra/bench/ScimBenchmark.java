import com.sun.net.httpserver.HttpServer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SCIM benchmark: this machine's own limits (PostgreSQL durable commits, a trivial HTTP server) and then the SCIM
 * service's rates, measured in the same run, so that every SCIM figure can be read against what the machine could do
 * at that moment. Then a projection rebuild on the log the run left (optionally grown by Bulk first).
 *
 * <pre>
 *   java -cp postgresql.jar infra/bench/ScimBenchmark.java --base-url http://127.0.0.1:18090 --pg-port 15432 \
 *        [--duration 10] [--warmup 3] [--connections 1,8,32,256] [--seed-events 0] [--out target/bench/benchmark.md]
 * </pre>
 *
 * The admin token comes from the environment ({@code SCIM_ADMIN_TOKEN}) or {@code --admin-token}. Normally run by
 * {@code infra/bench/run.sh}, which starts a service on a fresh data directory. Loopback targets only.
 *
 * <p>The load client is closed-loop: one thread and one keep-alive socket per connection (a minimal HTTP/1.1 client on
 * {@link Socket}), each sending its next request when the previous answer has arrived. A request unanswered after
 * 10 s is a timeout (its socket is closed and reopened). Every answered request's latency is recorded in a
 * histogram with 128 sub-buckets per power of two (under 1% error). JDK and the PostgreSQL JDBC driver only.
 */
public class ScimBenchmark {

    static final String SCIM = "/api/service/scim";
    static final String SCIM_JSON = "application/scim+json";
    static final int TIMEOUT_MS = 10_000;
    static final String RUN = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    // settings
    static String baseUrl;
    static String host;
    static int port;
    static String hostHeader;
    static String adminToken;
    static String scimToken;
    static String tenantId;
    static int pgPort = 15432;
    static int durationS = 10;
    static int warmupS = 3;
    static int[] connections = {1, 8, 32, 256};
    static String outFile = "target/bench/benchmark.md";
    static long seedEvents = 0;
    static int seedBatch = 500;
    static int seedConnections = 8;
    static long rebuildTimeoutS = 3600;
    static String jar;
    static String built;
    static String serviceJavaOpts;
    static String serviceArgs;

    // the users created in phase 1, used by the later phases
    static final List<String> USER_IDS = new ArrayList<>();
    static final List<String> USER_NAMES = new ArrayList<>();
    static String[] userIds = new String[0];
    static String[] userNames = new String[0];

    public static void main(String[] args) throws Exception {
        parseArgs(args);
        Report report = new Report();
        report.date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0));
        report.loadBefore = loadAverage();
        report.machine = machine();
        report.git = git();

        // A. this machine's limits
        log("PostgreSQL: settings and commit rate");
        report.pgSettings = pgPrepare();
        report.pg1 = pgCommits(1);
        report.pg8 = pgCommits(8);
        log("trivial HTTP server");
        report.trivial = trivialHttp(32);

        // B. setup through the admin API
        setup(report);

        // the service just started: its JIT compiler would spend a core compiling through the first rows
        if (jitWarmupS > 0) {
            jitWarmup();
            report.notes.add("Before the rows, " + jitWarmupS + " s of unmeasured load at 8 connections (POST, PATCH, "
                    + "GET by id, filter and the group PATCH, a fifth each), so that the service's JIT compiler has "
                    + "compiled what the rows run (it takes half a core for minutes after a start otherwise).");
        }

        // C. SCIM phases
        int maxConnections = Arrays.stream(connections).max().orElse(1);
        for (int c : connections) {
            report.phases.add(runPhase("POST /Users", c, ScimBenchmark::createUsers, true, Set2xx.of(201)));
        }
        synchronized (USER_IDS) {
            userIds = USER_IDS.toArray(new String[0]);
            userNames = USER_NAMES.toArray(new String[0]);
        }
        log("users created: " + userIds.length);
        if (userIds.length == 0) {
            report.notes.add("No user was created in phase 1, so phases 2 to 5 were skipped.");
        } else {
            AtomicLong patchSeq = new AtomicLong();
            for (int c : connections) {
                report.phases.add(runPhase("PATCH /Users/{id} active", c, s -> patchUsers(patchSeq, s), true, Set2xx.of(200)));
            }
            AtomicLong getSeq = new AtomicLong();
            byte[][] gets = new byte[userIds.length][];
            for (int c : connections) {
                report.phases.add(runPhase("GET /Users/{id}", c, s -> getUsers(getSeq, gets), false, Set2xx.of(200)));
            }
            AtomicLong filterSeq = new AtomicLong();
            byte[][] filters = new byte[userIds.length][];
            for (int c : connections) {
                report.phases.add(runPhase("GET /Users?filter=userName eq", c, s -> filterUsers(filterSeq, filters), false,
                        Set2xx.of(200)));
            }
            // the service's own ceiling: the bearer token (cached), the rate limit, admission, Spring MVC and
            // Jackson, and no database: no SCIM request can be answered faster than this one
            byte[] config = request("GET", SCIM + "/ServiceProviderConfig", scimToken, null, null);
            for (int c : connections) {
                report.phases.add(runPhase("GET /ServiceProviderConfig (no database)", c, s -> conn -> new Req(config),
                        false, Set2xx.of(200)));
            }
            String[] groups = createGroups(maxConnections);
            if (groups.length < maxConnections) {
                report.notes.add("Only " + groups.length + " of " + maxConnections + " groups could be created; the group "
                        + "phase ran only at connection counts up to " + groups.length + ".");
            }
            String[] pending = new String[groups.length];
            AtomicLong memberSeq = new AtomicLong();
            for (int c : connections) {
                if (c <= groups.length) {
                    report.phases.add(runPhase("PATCH /Groups/{id} one member", c,
                            s -> groupMembers(groups, pending, memberSeq, s), true, Set2xx.of(204, 200)));
                }
            }
        }

        // D. projection rebuilds
        report.eventsBeforeSeed = eventCount();
        if (seedEvents > report.eventsBeforeSeed) {
            report.seed = seed(seedEvents);
        }
        report.eventsBeforeRebuild = eventCount();
        for (String projection : List.of("scim-read-model", "audit-trail")) {
            report.rebuilds.add(rebuild(projection));
        }
        report.eventsAfterRebuild = eventCount();

        report.loadAfter = loadAverage();
        String markdown = report.markdown();
        Path out = Path.of(outFile);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, markdown);
        System.out.print(markdown);
        System.out.flush();
        log("written to " + outFile);
    }

    // ------------------------------------------------------------------------------------------------------ settings

    static int jitWarmupS = 100;

    /** Unmeasured rows at 8 connections, a fifth of {@link #jitWarmupS} each; what they create stays in the log. */
    static void jitWarmup() throws Exception {
        int savedWarmup = warmupS;
        int savedDuration = durationS;
        try {
            warmupS = Math.max(1, jitWarmupS / 5);
            durationS = 1;
            log("JIT warm-up: " + jitWarmupS + " s at 8 connections");
            runHttp("warm-up POST /Users", 8, port, ScimBenchmark::createUsers, null);
            String[] ids;
            synchronized (USER_IDS) {
                ids = USER_IDS.toArray(new String[0]);
                userIds = ids;
                userNames = USER_NAMES.toArray(new String[0]);
            }
            if (ids.length > 0) {
                AtomicLong seq = new AtomicLong();
                runHttp("warm-up PATCH", 8, port, x -> patchUsers(seq, x), null);
                runHttp("warm-up GET", 8, port, x -> getUsers(seq, new byte[ids.length][]), null);
                runHttp("warm-up filter", 8, port, x -> filterUsers(seq, new byte[ids.length][]), null);
                String[] groups = createGroups("bench-warm-up-group-", 8);
                String[] pending = new String[groups.length];
                if (groups.length == 8) {
                    runHttp("warm-up group PATCH", 8, port, x -> groupMembers(groups, pending, new AtomicLong(), x), null);
                }
            }
        } finally {
            warmupS = savedWarmup;
            durationS = savedDuration;
        }
    }

    static void parseArgs(String[] args) {
        adminToken = System.getenv("SCIM_ADMIN_TOKEN");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--base-url" -> baseUrl = v;
                case "--admin-token" -> adminToken = v;
                case "--pg-port" -> pgPort = Integer.parseInt(v);
                case "--duration" -> durationS = Integer.parseInt(v);
                case "--warmup" -> warmupS = Integer.parseInt(v);
                case "--connections" -> connections = Arrays.stream(v.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
                case "--out" -> outFile = v;
                case "--seed-events" -> seedEvents = Long.parseLong(v);
                case "--seed-batch" -> seedBatch = Integer.parseInt(v);
                case "--seed-connections" -> seedConnections = Integer.parseInt(v);
                case "--rebuild-timeout" -> rebuildTimeoutS = Long.parseLong(v);
                case "--settle-timeout" -> settleTimeoutS = Integer.parseInt(v);
                case "--jar" -> jar = v;
                case "--built" -> built = v;
                case "--service-java-opts" -> serviceJavaOpts = v;
                case "--service-args" -> serviceArgs = v;
                case "--service-pid" -> servicePid = Long.parseLong(v);
                case "--jit-warmup" -> jitWarmupS = Integer.parseInt(v);
                default -> usage("unknown argument " + a);
            }
            i++;
        }
        if (baseUrl == null) {
            usage("--base-url is required");
        }
        if (adminToken == null || adminToken.isBlank()) {
            usage("the admin token is required: SCIM_ADMIN_TOKEN in the environment or --admin-token");
        }
        URI uri = URI.create(baseUrl);
        String h = uri.getHost();
        if (!"http".equals(uri.getScheme()) || h == null
                || !(h.equals("127.0.0.1") || h.equalsIgnoreCase("localhost"))) {
            System.err.println("refused: loopback targets only (http://127.0.0.1 or http://localhost), not " + baseUrl);
            System.exit(2);
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            usage("--base-url is the service's root (http://127.0.0.1:PORT), not " + baseUrl);
        }
        host = "127.0.0.1";
        port = uri.getPort() < 0 ? 80 : uri.getPort();
        hostHeader = h + ":" + port;
        if (connections.length == 0 || durationS < 1 || warmupS < 0) {
            usage("connections must be non-empty, duration at least 1 s, warm-up at least 0 s");
        }
    }

    static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -cp postgresql.jar infra/bench/ScimBenchmark.java --base-url http://127.0.0.1:PORT "
                + "--pg-port PORT [--duration S] [--warmup S] [--connections 1,8,32,256] [--seed-events N] [--out FILE]");
        System.exit(2);
    }

    static void log(String line) {
        System.err.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }

    // --------------------------------------------------------------------------------------------- A. machine limits

    static String pgUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    static Connection pg(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        // the embedded PostgreSQL's superuser password, which run.sh reads from <data>/postgres.passwords
        if (System.getenv("PGPASSWORD") != null) {
            p.setProperty("password", System.getenv("PGPASSWORD"));
        }
        p.setProperty("ApplicationName", "scim-benchmark");
        return DriverManager.getConnection(pgUrl(database), p);
    }

    /** Creates database bench and its logged table; answers fsync, synchronous_commit and full_page_writes. */
    static Map<String, String> pgPrepare() throws SQLException {
        try (Connection c = pg("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE bench");
                }
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = pg("bench"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, v text)");
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "server_version")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT relpersistence FROM pg_class WHERE relname = 'bench_commit' AND relkind = 'r'")) {
                rs.next();
                settings.put("bench_commit persistence", "p".equals(rs.getString(1)) ? "logged" : rs.getString(1));
            }
        }
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            if (!"on".equals(settings.get(name))) {
                log("WARNING: PostgreSQL " + name + " = " + settings.get(name) + " (expected on)");
            }
        }
        return settings;
    }

    /** Single-row INSERT commits (autocommit), each client its own connection, closed loop. */
    static Result pgCommits(int clients) throws Exception {
        Window w = new Window();
        Stats[] stats = new Stats[clients];
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            Stats st = stats[i] = new Stats();
            threads[i] = new Thread(() -> {
                try (Connection c = pg("bench");
                     PreparedStatement ps = c.prepareStatement("INSERT INTO bench_commit (v) VALUES (?)")) {
                    c.setAutoCommit(true);
                    long n = 0;
                    while (!w.stop) {
                        ps.setString(1, "v" + n++);
                        long t0 = System.nanoTime();
                        ps.executeUpdate();
                        long t1 = System.nanoTime();
                        if (w.in(t1)) {
                            st.answered(t1 - t0, 200);
                        }
                    }
                } catch (SQLException e) {
                    st.connErrors++;
                    st.lastError = e.toString();
                }
            }, "pg-" + i);
        }
        Result r = drive("PostgreSQL INSERT commits", clients, w, threads, stats, null);
        log(String.format(Locale.ROOT, "PostgreSQL %d client(s): %.1f commits/s, p50 %.2f ms, p99 %.2f ms", clients,
                r.rate(), r.p(0.50), r.p(0.99)));
        return r;
    }

    /** A JDK HttpServer on loopback answering 200 and a ~300-byte JSON body, driven by the same load client. */
    static Result trivialHttp(int conns) throws Exception {
        StringBuilder json = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                + "\"totalResults\":1,\"itemsPerPage\":1,\"startIndex\":1,\"Resources\":[{\"id\":\"" + UUID.randomUUID()
                + "\",\"userName\":\"trivial@bench.example\",\"active\":true,\"meta\":{\"resourceType\":\"User\"}}],\"pad\":\"");
        while (json.length() < 297) {
            json.append('x');
        }
        json.append("\"}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        // without it the JDK server's separate header and body writes meet Nagle and delayed ACKs (~40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        int trivialPort = server.getAddress().getPort();
        String trivialHost = "127.0.0.1:" + trivialPort;
        byte[] request = ("GET /trivial HTTP/1.1\r\nHost: " + trivialHost + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
            Result r = runHttp("trivial HTTP GET", conns, trivialPort, s -> conn -> new Req(request), null);
            r.bodyBytes = body.length;
            log(String.format(Locale.ROOT, "trivial HTTP %d connections: %.1f req/s, p50 %.2f ms, p99 %.2f ms", conns,
                    r.rate(), r.p(0.50), r.p(0.99)));
            return r;
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------------ B. setup

    static void setup(Report report) throws Exception {
        String run = "bench-" + RUN;
        Resp tenant = call("POST", "/admin/tenants", adminToken, "application/json", "{\"name\":\"" + run + "\"}", 60_000);
        expect(tenant, "POST /admin/tenants", 201);
        tenantId = (String) Json.object(tenant.body).get("id");
        Resp token = call("POST", "/admin/tenants/" + tenantId + "/tokens", adminToken, "application/json",
                "{\"name\":\"benchmark\"}", 60_000);
        expect(token, "POST /admin/tenants/{id}/tokens", 201);
        scimToken = (String) Json.object(token.body).get("token");
        Resp limit = call("PATCH", "/admin/tenants/" + tenantId, adminToken, "application/json",
                "{\"rateLimitPerSecond\":100000}", 60_000);
        expect(limit, "PATCH /admin/tenants/{id}", 200);
        Object applied = Json.object(limit.body).get("rateLimitPerSecond");
        if (!(applied instanceof Number) || ((Number) applied).longValue() != 100000) {
            throw new IllegalStateException("the tenant's rateLimitPerSecond is " + applied + " after PATCH: " + limit.body);
        }
        report.tenant = run + " (" + tenantId + "), rateLimitPerSecond " + applied;
        log("tenant " + run + " " + tenantId + ", SCIM token issued, rate limit " + applied + "/s");
    }

    static void expect(Resp r, String what, int... statuses) {
        for (int s : statuses) {
            if (r.status == s) {
                return;
            }
        }
        throw new IllegalStateException(what + " answered " + r.status + " (expected " + Arrays.toString(statuses) + "): "
                + r.body);
    }

    // ------------------------------------------------------------------------------------------------- C. SCIM load

    interface DriverFactory {
        Driver create(Sampler sampler);
    }

    interface Driver {
        Req next(int conn);

        default void completed(int conn, Req r, HttpConn c) {
        }

        default void failed(int conn, Req r) {
        }
    }

    static final class Req {
        final byte[] bytes;
        String a;
        String b;
        boolean flag;

        Req(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** The 2xx statuses a phase expects; any other 2xx is noted. */
    record Set2xx(int[] codes) {
        static Set2xx of(int... codes) {
            return new Set2xx(codes);
        }

        boolean has(int s) {
            for (int c : codes) {
                if (c == s) {
                    return true;
                }
            }
            return false;
        }
    }

    static Result runPhase(String name, int conns, DriverFactory factory, boolean sample, Set2xx expected) throws Exception {
        Sampler sampler = sample ? new Sampler() : null;
        Result r = runHttp(name, conns, port, factory, sampler);
        r.expected = expected;
        r.sampler = sampler;
        settle(r);
        log(String.format(Locale.ROOT, "%-32s c=%-4d %7s req %9.1f req/s  p50 %8.2f ms  p99 %8.2f ms  non-2xx %s  "
                        + "timeouts %s  conn errors %d  %s after %.1f s%s", name, conns,
                r.requests(), r.rate(), r.p(0.50), r.p(0.99), r.non2xx(), r.timeouts(), r.total.connErrors,
                r.settled ? "settled" : "NOT settled", r.settleSeconds,
                sampler == null ? "" : "  read-your-writes fresh " + sampler.fresh + ", stale " + sampler.stale + ", torn "
                        + sampler.torn + ", failed " + sampler.failed));
        return r;
    }

    static int settleTimeoutS = 120;
    static boolean activeMetricMissing;

    /**
     * After a row, waits until the service has no request in progress (the {@code http.server.requests.active}
     * metric counts only the asking request, twice in a row, 250 ms apart), so that the backlog of one row (requests
     * its clients gave up on) does not run into the next. Without that metric: until a DB-backed SCIM GET answers
     * within 100 ms twice in a row.
     */
    static void settle(Result r) {
        long t0 = System.nanoTime();
        long deadline = t0 + settleTimeoutS * 1_000_000_000L;
        int quiet = 0;
        String probe = SCIM + "/Users?filter=" + URLEncoder.encode("userName eq \"settle-probe-" + RUN + "\"",
                StandardCharsets.UTF_8).replace("+", "%20");
        while (System.nanoTime() < deadline) {
            boolean idle = false;
            try {
                if (!activeMetricMissing) {
                    Resp m = call("GET", "/admin/actuator/metrics/http.server.requests.active", adminToken, null, null, 10_000);
                    if (m.status == 200) {
                        idle = activeTasks(m.body) <= 1;
                    } else if (m.status == 404) {
                        activeMetricMissing = true;
                        log("no http.server.requests.active metric: settling on a GET's latency instead");
                    }
                }
                if (activeMetricMissing) {
                    long p0 = System.nanoTime();
                    Resp g = call("GET", probe, scimToken, null, null, 10_000);
                    idle = g.status == 200 && System.nanoTime() - p0 < 100_000_000L;
                }
            } catch (IOException | RuntimeException e) {
                idle = false;
            }
            quiet = idle ? quiet + 1 : 0;
            if (quiet >= 2) {
                r.settleSeconds = (System.nanoTime() - t0) / 1e9;
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        r.settled = false;
        r.settleSeconds = (System.nanoTime() - t0) / 1e9;
    }

    @SuppressWarnings("unchecked")
    static double activeTasks(String metric) {
        Object ms = Json.object(metric).get("measurements");
        if (ms instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                if ("ACTIVE_TASKS".equals(m.get("statistic")) && m.get("value") instanceof Number n) {
                    return n.doubleValue();
                }
            }
        }
        return Double.MAX_VALUE;
    }

    static Result runHttp(String name, int conns, int targetPort, DriverFactory factory, Sampler sampler) throws Exception {
        Driver driver = factory.create(sampler);
        Window w = new Window();
        Stats[] stats = new Stats[conns];
        Thread[] threads = new Thread[conns];
        HttpConn[] sockets = new HttpConn[conns];
        for (int i = 0; i < conns; i++) {
            int id = i;
            Stats st = stats[i] = new Stats();
            HttpConn c = sockets[i] = new HttpConn(host, targetPort, TIMEOUT_MS);
            threads[i] = new Thread(null, () -> {
                try {
                    while (!w.stop) {
                        Req r = driver.next(id);
                        long t0 = System.nanoTime();
                        try {
                            c.exchange(r.bytes);
                            long t1 = System.nanoTime();
                            if (w.in(t1)) {
                                st.answered(t1 - t0, c.status);
                            } else if (w.late(t0, t1)) {
                                st.lateAnswered++;
                            }
                            driver.completed(id, r, c);
                        } catch (SocketTimeoutException timeout) {
                            long t1 = System.nanoTime();
                            if (w.in(t1)) {
                                st.timeouts++;
                            } else if (w.late(t0, t1)) {
                                st.lateFailed++;
                            }
                            c.close();
                            driver.failed(id, r);
                        } catch (IOException e) {
                            long t1 = System.nanoTime();
                            if (w.in(t1)) {
                                st.connErrors++;
                                st.lastError = e.toString();
                            } else if (w.late(t0, t1)) {
                                st.lateFailed++;
                            }
                            c.close();
                            driver.failed(id, r);
                            if (!w.stop) {
                                Thread.sleep(10);
                            }
                        }
                    }
                } catch (InterruptedException | RuntimeException e) {
                    st.connErrors++;
                    st.lastError = e.toString();
                } finally {
                    st.opens = c.opens;
                    c.close();
                }
            }, "load-" + i, 256 * 1024);
        }
        Result r = drive(name, conns, w, threads, stats, sampler);
        for (HttpConn c : sockets) {
            c.close();
        }
        return r;
    }

    /** Starts the threads, runs warm-up then the measured window, stops and joins them; merges their stats. */
    /** The service's JVM, when run.sh names it: its CPU time per request is reported beside PostgreSQL's. */
    static long servicePid = -1;

    /**
     * CPU seconds so far (user + system, from /proc) of the service's JVM, of every PostgreSQL process (the embedded
     * server and its backends: the only PostgreSQL on a benchmark machine), of this benchmark's own process, and of
     * the whole machine (busy and all, from /proc/stat). Zeros where /proc is not there.
     */
    record Cpu(double jvm, double postgres, double client, double machineBusy, double machineAll) {
        static final double TICK = 100.0; // USER_HZ on Linux

        static Cpu now() {
            double jvm = servicePid > 0 ? ticks(servicePid) / TICK : 0;
            double pg = 0;
            java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
            if (procs != null) {
                for (java.io.File proc : procs) {
                    try {
                        String comm = java.nio.file.Files.readString(proc.toPath().resolve("comm")).trim();
                        if (comm.equals("postgres")) {
                            pg += ticks(Long.parseLong(proc.getName())) / TICK;
                        }
                    } catch (Exception gone) {
                        // the process ended meanwhile
                    }
                }
            }
            double client = ticks(ProcessHandle.current().pid()) / TICK;
            double busy = 0;
            double all = 0;
            try {
                String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i < cpu.length && i <= 8; i++) {
                    double v = Double.parseDouble(cpu[i]) / TICK;
                    all += v;
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += v;
                    }
                }
            } catch (Exception noProc) {
                // not Linux
            }
            return new Cpu(jvm, pg, client, busy, all);
        }

        static long ticks(long pid) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state is field 3; utime and stime are fields 14 and 15 (1-based, whole line)
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception gone) {
                return 0;
            }
        }

        Cpu minus(Cpu before) {
            return new Cpu(jvm - before.jvm, postgres - before.postgres, client - before.client,
                    machineBusy - before.machineBusy, machineAll - before.machineAll);
        }
    }

    static Result drive(String name, int conns, Window w, Thread[] threads, Stats[] stats, Sampler sampler)
            throws InterruptedException {
        Thread samplerThread = null;
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
        if (sampler != null) {
            samplerThread = new Thread(sampler, "read-your-writes");
            samplerThread.setDaemon(true);
            samplerThread.start();
        }
        Thread.sleep(warmupS * 1000L);
        w.start = System.nanoTime();
        Cpu cpuBefore = Cpu.now();
        Thread.sleep(durationS * 1000L);
        long end = System.nanoTime();
        Cpu cpu = Cpu.now().minus(cpuBefore);
        w.end = end;
        w.stop = true;
        if (sampler != null) {
            sampler.stop = true;
        }
        long joinUntil = System.nanoTime() + (TIMEOUT_MS + 5_000) * 1_000_000L;
        for (Thread t : threads) {
            t.join(Math.max(1, (joinUntil - System.nanoTime()) / 1_000_000L));
        }
        if (samplerThread != null) {
            samplerThread.join(TIMEOUT_MS + 5_000);
        }
        Result r = new Result(name, conns, (end - w.start) / 1e9);
        r.cpu = cpu;
        for (Stats s : stats) {
            r.total.merge(s);
        }
        return r;
    }

    static byte[] request(String method, String path, String token, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder(192 + path.length());
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (token != null) {
            sb.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static final AtomicLong USER_SEQ = new AtomicLong();
    /** The highest version a 2xx write answered, per resource id (users and groups), for the read-your-writes check. */
    static final java.util.concurrent.ConcurrentHashMap<String, Long> ANSWERED = new java.util.concurrent.ConcurrentHashMap<>();

    static long answered(String id, String etag) {
        long v = version(etag);
        if (v >= 0) {
            ANSWERED.merge(id, v, Math::max);
        }
        return v;
    }

    static String userJson(String userName, long n) {
        return "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + userName + "\",\"externalId\":\""
                + UUID.randomUUID() + "\",\"active\":true,\"displayName\":\"Bench User " + n
                + "\",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User " + n + "\"},\"emails\":[{\"type\":\"work\","
                + "\"value\":\"" + userName + "\",\"primary\":true}]}";
    }

    /** Phase 1: POST /Users, a unique userName each; keeps the created ids. */
    static Driver createUsers(Sampler sampler) {
        String path = SCIM + "/Users";
        return new Driver() {
            @Override
            public Req next(int conn) {
                long n = USER_SEQ.incrementAndGet();
                String userName = "u-" + RUN + "-" + n + "@bench.example";
                Req r = new Req(request("POST", path, scimToken, SCIM_JSON,
                        userJson(userName, n).getBytes(StandardCharsets.UTF_8)));
                r.a = userName;
                return r;
            }

            @Override
            public void completed(int conn, Req r, HttpConn c) {
                if (c.status == 201) {
                    String id = c.id();
                    if (id != null) {
                        synchronized (USER_IDS) {
                            USER_IDS.add(id);
                            USER_NAMES.add(r.a);
                        }
                        sampler.offer(new Sample(Sample.USER_CREATED, id, null, answered(id, c.etag), false));
                    }
                }
            }
        };
    }

    /** Phase 2: PATCH active as Entra sends it; each user alternates "False", "True", ... so every PATCH changes it. */
    static Driver patchUsers(AtomicLong seq, Sampler sampler) {
        byte[] disable = ("{\"schemas\":[\"" + PATCH_SCHEMA + "\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\","
                + "\"value\":\"False\"}]}").getBytes(StandardCharsets.UTF_8);
        byte[] enable = ("{\"schemas\":[\"" + PATCH_SCHEMA + "\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\","
                + "\"value\":\"True\"}]}").getBytes(StandardCharsets.UTF_8);
        int n = userIds.length;
        return new Driver() {
            @Override
            public Req next(int conn) {
                long k = seq.getAndIncrement();
                String id = userIds[(int) (k % n)];
                boolean active = (k / n) % 2 == 1; // round 0 disables (users are created active), round 1 enables, ...
                Req r = new Req(request("PATCH", SCIM + "/Users/" + id, scimToken, SCIM_JSON, active ? enable : disable));
                r.a = id;
                r.flag = active;
                return r;
            }

            @Override
            public void completed(int conn, Req r, HttpConn c) {
                if (c.status == 200) {
                    sampler.offer(new Sample(Sample.USER_PATCHED, r.a, null, answered(r.a, c.etag), r.flag));
                }
            }
        };
    }

    static Driver getUsers(AtomicLong seq, byte[][] prebuilt) {
        int n = userIds.length;
        return conn -> {
            int i = (int) (seq.getAndIncrement() % n);
            byte[] b = prebuilt[i];
            if (b == null) {
                b = prebuilt[i] = request("GET", SCIM + "/Users/" + userIds[i], scimToken, null, null);
            }
            return new Req(b);
        };
    }

    static Driver filterUsers(AtomicLong seq, byte[][] prebuilt) {
        int n = userNames.length;
        return conn -> {
            int i = (int) (seq.getAndIncrement() % n);
            byte[] b = prebuilt[i];
            if (b == null) {
                String filter = "userName eq \"" + userNames[i] + "\"";
                String query = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
                b = prebuilt[i] = request("GET", SCIM + "/Users?filter=" + query, scimToken, null, null);
            }
            return new Req(b);
        };
    }

    /** Before phase 5: as many groups as the largest connection count, created 8 at a time. */
    static String[] createGroups(int count) throws Exception {
        return createGroups("bench-group-", count);
    }

    static String[] createGroups(String prefix, int count) throws Exception {
        log("creating " + count + " groups");
        String[] ids = new String[count];
        AtomicInteger next = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        Thread[] threads = new Thread[Math.min(8, count)];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                HttpConn c = new HttpConn(host, port, 60_000);
                try {
                    for (int k; (k = next.getAndIncrement()) < count; ) {
                        byte[] body = ("{\"schemas\":[\"" + GROUP_SCHEMA + "\"],\"displayName\":\"" + prefix + RUN + "-" + k
                                + "\"}").getBytes(StandardCharsets.UTF_8);
                        for (int attempt = 0; attempt < 3 && ids[k] == null; attempt++) {
                            try {
                                c.exchange(request("POST", SCIM + "/Groups", scimToken, SCIM_JSON, body));
                                if (c.status == 201) {
                                    ids[k] = c.id();
                                } else {
                                    synchronized (errors) {
                                        errors.add("POST /Groups answered " + c.status + ": " + c.bodyString(300));
                                    }
                                }
                            } catch (IOException e) {
                                c.close();
                                synchronized (errors) {
                                    errors.add("POST /Groups: " + e);
                                }
                            }
                        }
                    }
                } finally {
                    c.close();
                }
            }, "groups-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        errors.stream().limit(5).forEach(e -> log("  " + e));
        return Arrays.stream(ids).filter(id -> id != null).toArray(String[]::new);
    }

    /** Phase 5: each connection on its own group, alternately adding one user as a member and removing it. */
    static Driver groupMembers(String[] groups, String[] pending, AtomicLong seq, Sampler sampler) {
        int n = userIds.length;
        return new Driver() {
            @Override
            public Req next(int conn) {
                String group = groups[conn];
                String member = pending[conn];
                boolean add = member == null;
                if (add) {
                    member = userIds[(int) (seq.getAndIncrement() % n)];
                }
                byte[] body = ("{\"schemas\":[\"" + PATCH_SCHEMA + "\"],\"Operations\":[{\"op\":\"" + (add ? "Add" : "Remove")
                        + "\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
                Req r = new Req(request("PATCH", SCIM + "/Groups/" + group, scimToken, SCIM_JSON, body));
                r.a = group;
                r.b = member;
                r.flag = add;
                return r;
            }

            @Override
            public void completed(int conn, Req r, HttpConn c) {
                boolean ok = c.status >= 200 && c.status < 300;
                if (r.flag) {
                    if (ok) {
                        pending[conn] = r.b;
                    }
                } else {
                    pending[conn] = null; // removed, or refused: go on with the next user either way
                }
                if (ok) {
                    sampler.offer(new Sample(r.flag ? Sample.MEMBER_ADDED : Sample.MEMBER_REMOVED, r.a, r.b,
                            answered(r.a, c.etag), false));
                }
            }

            @Override
            public void failed(int conn, Req r) {
                pending[conn] = r.flag ? r.b : null; // an add that timed out may have been applied: remove it next
            }
        };
    }

    static long version(String etag) {
        if (etag == null) {
            return -1;
        }
        int q = etag.indexOf('"');
        int e = etag.lastIndexOf('"');
        try {
            return q >= 0 && e > q ? Long.parseLong(etag.substring(q + 1, e)) : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    // --------------------------------------------------------------------------------------------- read-your-writes

    static final class Sample {
        static final int USER_CREATED = 0;
        static final int USER_PATCHED = 1;
        static final int MEMBER_ADDED = 2;
        static final int MEMBER_REMOVED = 3;
        static final String[] KIND = {"user created", "user patched", "member added", "member removed"};
        final int kind;
        final String id;
        final String member;
        final long version;
        final boolean active;
        final long writtenAt = System.nanoTime();

        Sample(int kind, String id, String member, long version, boolean active) {
            this.kind = kind;
            this.id = id;
            this.member = member;
            this.version = version;
            this.active = active;
        }
    }

    /**
     * Takes the most recent 2xx write at most every 20 ms (50 per second) and reads it back at once on its own
     * connection. Fresh: the read's ETag version is at least the write's and, when equal, the body shows the write
     * (the active value written; the member present or absent). A 404 is stale; other answers are failures.
     */
    static final class Sampler implements Runnable {
        final AtomicReference<Sample> latest = new AtomicReference<>();
        volatile boolean stop;
        long taken;
        long fresh;
        long stale;
        long torn;
        long failed;
        final List<String> staleDetails = new ArrayList<>();
        String lastFailure;

        void offer(Sample s) {
            latest.lazySet(s);
        }

        @Override
        public void run() {
            HttpConn c = new HttpConn(host, port, TIMEOUT_MS);
            long nextAt = System.nanoTime();
            try {
                while (!stop) {
                    long now = System.nanoTime();
                    if (now < nextAt) {
                        Thread.sleep(Math.max(1, (nextAt - now) / 1_000_000L));
                        continue;
                    }
                    Sample s = latest.getAndSet(null);
                    if (s == null) {
                        Thread.sleep(2);
                        continue;
                    }
                    nextAt = System.nanoTime() + 20_000_000L;
                    check(c, s);
                }
            } catch (InterruptedException ignored) {
                // stop
            } finally {
                c.close();
            }
        }

        void check(HttpConn c, Sample s) {
            boolean group = s.kind >= Sample.MEMBER_ADDED;
            String path = SCIM + (group ? "/Groups/" : "/Users/") + s.id;
            long delayUs = (System.nanoTime() - s.writtenAt) / 1000;
            taken++;
            try {
                c.exchange(request("GET", path, scimToken, null, null));
            } catch (IOException e) {
                c.close();
                failed++;
                lastFailure = e.toString();
                return;
            }
            if (c.status == 404) {
                stale(s, "404 (read " + delayUs + " µs after the write's answer)");
                return;
            }
            if (c.status != 200) {
                failed++;
                lastFailure = "GET " + path + " answered " + c.status;
                return;
            }
            long read = version(c.etag);
            if (s.version >= 0 && read >= 0) {
                if (read > s.version) {
                    fresh++; // a later write is already visible
                    return;
                }
                if (read < s.version) {
                    stale(s, "ETag " + c.etag + " older than the write's W/\"" + s.version + "\"");
                    return;
                }
            }
            String body = c.bodyString(1 << 20);
            boolean shows = switch (s.kind) {
                case Sample.USER_CREATED -> true;
                case Sample.USER_PATCHED -> body.replace(" ", "").contains("\"active\":" + s.active);
                case Sample.MEMBER_ADDED -> body.contains("\"value\":\"" + s.member + "\"");
                default -> !body.contains("\"value\":\"" + s.member + "\"");
            };
            if (shows) {
                fresh++;
                return;
            }
            String seen = s.kind == Sample.USER_PATCHED ? "active " + between(body, "\"active\":", ",")
                    : "members " + memberIds(body);
            long later = ANSWERED.getOrDefault(s.id, -1L);
            if (later > s.version) {
                // the body shows a later write (answered by now) while the ETag is still the sampled write's version
                torn++;
                if (tornDetails.size() < 5) {
                    tornDetails.add(Sample.KIND[s.kind] + " " + s.id + (s.member == null ? "" : " member " + s.member)
                            + ": read ETag " + c.etag + " = the write's, but its body shows " + seen
                            + " (a later write, W/\"" + later + "\", had been answered by then)");
                }
                return;
            }
            stale(s, "ETag " + c.etag + " = the write's, but its body shows " + seen);
        }

        final List<String> tornDetails = new ArrayList<>();

        static String between(String body, String from, String to) {
            int a = body.indexOf(from);
            if (a < 0) {
                return "(absent)";
            }
            a += from.length();
            int b = body.indexOf(to, a);
            return body.substring(a, b < 0 ? Math.min(body.length(), a + 40) : b);
        }

        static String memberIds(String body) {
            int at = body.indexOf("\"members\":[");
            if (at < 0) {
                return "(no members attribute)";
            }
            int end = body.indexOf(']', at);
            List<String> ids = new ArrayList<>();
            String list = body.substring(at, end < 0 ? body.length() : end);
            for (int v = list.indexOf("\"value\":\""); v >= 0; v = list.indexOf("\"value\":\"", v + 9)) {
                int from = v + 9;
                ids.add(list.substring(from, list.indexOf('"', from)));
            }
            return ids.toString();
        }

        void stale(Sample s, String why) {
            stale++;
            if (staleDetails.size() < 5) {
                staleDetails.add(Sample.KIND[s.kind] + " " + s.id + (s.member == null ? "" : " member " + s.member)
                        + " (write W/\"" + s.version + "\"" + (s.kind == Sample.USER_PATCHED ? ", active " + s.active : "")
                        + "): " + why);
            }
        }
    }

    // ----------------------------------------------------------------------------------------- D. rebuilds and seed

    static long eventCount() {
        try (Connection c = pg("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            log("counting events failed: " + e);
            return -1;
        }
    }

    static final class Seed {
        long target;
        long before;
        long after;
        long usersCreated;
        long operationsFailed;
        long bulkRequests;
        long bulkFailures;
        double seconds;
        final List<String> problems = new ArrayList<>();
    }

    /** Adds users through POST /Bulk (500 POST operations a request, 8 in parallel) until the log holds target events. */
    static Seed seed(long target) throws Exception {
        Seed seed = new Seed();
        seed.target = target;
        seed.before = eventCount();
        log("seeding through /Bulk: " + seed.before + " events in the log, target " + target);
        AtomicLong events = new AtomicLong(seed.before);
        AtomicLong created = new AtomicLong();
        AtomicLong opFailures = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicInteger consecutiveFailures = new AtomicInteger();
        AtomicLong inFlight = new AtomicLong(); // user creates sent and not yet counted: each adds at least one event
        long t0 = System.nanoTime();
        Thread[] threads = new Thread[seedConnections];
        Object countLock = new Object();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                HttpConn c = new HttpConn(host, port, 600_000);
                try {
                    while (consecutiveFailures.get() < 5) {
                        int batch;
                        synchronized (countLock) {
                            long missing = target - events.get() - inFlight.get();
                            if (missing <= 0) {
                                if (inFlight.get() == 0 || events.get() >= target) {
                                    break;
                                }
                                batch = 0;
                            } else {
                                batch = (int) Math.min(seedBatch, missing);
                                inFlight.addAndGet(batch);
                            }
                        }
                        if (batch == 0) {
                            Thread.sleep(200); // others' requests may still fall short
                            continue;
                        }
                        StringBuilder body = new StringBuilder(batch * 400);
                        body.append("{\"schemas\":[\"").append(BULK_SCHEMA).append("\"],\"Operations\":[");
                        for (int i = 0; i < batch; i++) {
                            long n = USER_SEQ.incrementAndGet();
                            String userName = "u-" + RUN + "-" + n + "@bench.example";
                            body.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"b")
                                    .append(n).append("\",\"data\":").append(userJson(userName, n)).append('}');
                        }
                        body.append("]}");
                        requests.incrementAndGet();
                        try {
                            c.exchange(request("POST", SCIM + "/Bulk", scimToken, SCIM_JSON,
                                    body.toString().getBytes(StandardCharsets.UTF_8)));
                        } catch (IOException e) {
                            c.close();
                            synchronized (countLock) {
                                inFlight.addAndGet(-batch);
                                events.accumulateAndGet(eventCount(), Math::max);
                            }
                            failures.incrementAndGet();
                            consecutiveFailures.incrementAndGet();
                            synchronized (seed.problems) {
                                seed.problems.add("POST /Bulk: " + e);
                            }
                            continue;
                        }
                        if (c.status != 200) {
                            synchronized (countLock) {
                                inFlight.addAndGet(-batch);
                                events.accumulateAndGet(eventCount(), Math::max);
                            }
                            failures.incrementAndGet();
                            consecutiveFailures.incrementAndGet();
                            synchronized (seed.problems) {
                                seed.problems.add("POST /Bulk answered " + c.status + ": " + c.bodyString(300));
                            }
                            continue;
                        }
                        String answer = c.bodyString(Integer.MAX_VALUE);
                        int ok = occurrences(answer, "\"status\":\"201\"");
                        created.addAndGet(ok);
                        opFailures.addAndGet(batch - ok);
                        if (ok == 0) {
                            consecutiveFailures.incrementAndGet();
                            synchronized (seed.problems) {
                                seed.problems.add("a Bulk request created no user: "
                                        + (answer.length() > 300 ? answer.substring(0, 300) + "…" : answer));
                            }
                        } else {
                            consecutiveFailures.set(0);
                        }
                        synchronized (countLock) {
                            inFlight.addAndGet(-batch);
                            events.accumulateAndGet(eventCount(), Math::max);
                        }
                        log("  seeded " + created.get() + " users, " + events.get() + " events");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    c.close();
                }
            }, "seed-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        seed.seconds = (System.nanoTime() - t0) / 1e9;
        seed.after = eventCount();
        seed.usersCreated = created.get();
        seed.operationsFailed = opFailures.get();
        seed.bulkRequests = requests.get();
        seed.bulkFailures = failures.get();
        return seed;
    }

    static int occurrences(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    static final class Rebuild {
        String projection;
        int startStatus;
        String startProblem;
        Map<String, Object> last;
        double wallSeconds;
        boolean timedOut;
    }

    static Rebuild rebuild(String projection) throws Exception {
        Rebuild r = new Rebuild();
        r.projection = projection;
        log("rebuild of " + projection);
        long t0 = System.nanoTime();
        Resp start = call("POST", "/admin/projections/" + projection + "/rebuilds", adminToken, null, null, 120_000);
        r.startStatus = start.status;
        if (start.status != 202 || start.location == null) {
            r.startProblem = "POST answered " + start.status + (start.location == null ? " without Location" : "") + ": "
                    + (start.body.length() > 300 ? start.body.substring(0, 300) : start.body);
            log("  " + r.startProblem);
            return r;
        }
        String location = start.location;
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri = URI.create(location);
            location = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        r.last = Json.object(start.body);
        long deadline = t0 + rebuildTimeoutS * 1_000_000_000L;
        long lastLog = 0;
        while ("running".equals(r.last.get("status"))) {
            if (System.nanoTime() > deadline) {
                r.timedOut = true;
                break;
            }
            Thread.sleep(500);
            Resp poll = call("GET", location, adminToken, null, null, 60_000);
            if (poll.status != 200) {
                log("  GET " + location + " answered " + poll.status + ": " + poll.body);
                continue;
            }
            r.last = Json.object(poll.body);
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                lastLog = System.nanoTime();
                log("  " + r.last.get("status") + " " + r.last.get("phase") + " " + r.last.get("eventsApplied") + "/"
                        + r.last.get("eventsTotal") + " events");
            }
        }
        r.wallSeconds = (System.nanoTime() - t0) / 1e9;
        log("  " + r.last.get("status") + ", verdict " + r.last.get("verdict") + ", " + r.last.get("eventsApplied")
                + " events, " + r.last.get("eventsPerSecond") + " events/s, " + String.format(Locale.ROOT, "%.1f s", r.wallSeconds));
        return r;
    }

    // ------------------------------------------------------------------------------------------------ measurement

    static final class Window {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;
        volatile boolean stop;

        boolean in(long t) {
            return t >= start && t < end;
        }

        /** Sent before the measured window closed, finished (answered, timed out or failed) after. */
        boolean late(long sent, long finished) {
            long e = end;
            return sent < e && finished >= e;
        }
    }

    /** Latency histogram in microseconds: exact below 256 µs, then 128 buckets per power of two (< 0.4% error). */
    static final class Hist {
        final long[] counts = new long[64 * 128];

        static int index(long us) {
            if (us < 256) {
                return (int) Math.max(0, us);
            }
            int shift = 63 - Long.numberOfLeadingZeros(us) - 7;
            return shift * 128 + (int) (us >> shift);
        }

        static double value(int index) {
            if (index < 256) {
                return index;
            }
            int shift = index / 128 - 1;
            long m = index - (long) shift * 128;
            return ((m << shift) + ((m + 1) << shift)) / 2.0;
        }

        void record(long nanos) {
            counts[index(nanos / 1000)]++;
        }

        void merge(Hist o) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o.counts[i];
            }
        }

        /** The q-quantile in milliseconds; NaN when empty. */
        double quantileMs(double q, long total) {
            if (total == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return value(i) / 1000.0;
                }
            }
            return Double.NaN;
        }
    }

    static final class Stats {
        final Hist hist = new Hist();
        long count;
        final long[] statuses = new long[600];
        long timeouts;
        long connErrors;
        long opens;
        long lateAnswered;
        long lateFailed;
        String lastError;

        void answered(long nanos, int status) {
            count++;
            hist.record(nanos);
            statuses[status >= 0 && status < 600 ? status : 0]++;
        }

        void merge(Stats o) {
            count += o.count;
            hist.merge(o.hist);
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] += o.statuses[i];
            }
            timeouts += o.timeouts;
            connErrors += o.connErrors;
            opens += o.opens;
            lateAnswered += o.lateAnswered;
            lateFailed += o.lateFailed;
            if (o.lastError != null) {
                lastError = o.lastError;
            }
        }
    }

    static final class Result {
        final String name;
        final int connections;
        final double seconds;
        final Stats total = new Stats();
        Set2xx expected;
        Sampler sampler;
        /** CPU seconds spent during the measured window (service JVM, PostgreSQL, this client, the machine). */
        Cpu cpu;
        double settleSeconds = Double.NaN;
        boolean settled = true;
        int bodyBytes;

        Result(String name, int connections, double seconds) {
            this.name = name;
            this.connections = connections;
            this.seconds = seconds;
        }

        double rate() {
            return total.count / seconds;
        }

        double p(double q) {
            return total.hist.quantileMs(q, total.count);
        }

        long count2xx() {
            long n = 0;
            for (int s = 200; s < 300; s++) {
                n += total.statuses[s];
            }
            return n;
        }

        String non2xx() {
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < total.statuses.length; s++) {
                if ((s < 200 || s >= 300) && total.statuses[s] > 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(s).append("×").append(total.statuses[s]);
                }
            }
            return sb.length() == 0 ? "0" : sb.toString();
        }

        /** Answered requests; when none was answered in the window, how many were answered after it closed. */
        String requests() {
            return total.count == 0 && total.lateAnswered > 0
                    ? "0 (" + total.lateAnswered + " answered after the end)" : String.valueOf(total.count);
        }

        /** Timeouts in the window, and those of the requests in flight when it closed (they would have been next). */
        String timeouts() {
            return total.timeouts + (total.lateFailed == 0 ? "" : " (+" + total.lateFailed + " after the end)");
        }

        String unexpected2xx() {
            StringBuilder sb = new StringBuilder();
            for (int s = 200; s < 300; s++) {
                if (total.statuses[s] > 0 && expected != null && !expected.has(s)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(s).append("×").append(total.statuses[s]);
                }
            }
            return sb.toString();
        }
    }

    // ----------------------------------------------------------------------------------------------- HTTP client

    /** One keep-alive HTTP/1.1 connection on a blocking socket; the answer's status, ETag, Location and body. */
    static final class HttpConn {
        final String host;
        final int port;
        final int timeoutMs;
        Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] buf = new byte[32 * 1024];
        int pos;
        int lim;
        byte[] line = new byte[1024];
        byte[] body = new byte[16 * 1024];
        int bodyLen;
        int status;
        String etag;
        String location;
        boolean closeAfter;
        long deadline;
        int currentTimeout;
        long opens;

        HttpConn(String host, int port, int timeoutMs) {
            this.host = host;
            this.port = port;
            this.timeoutMs = timeoutMs;
        }

        void open() throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMs);
                s.connect(new InetSocketAddress(host, port), timeoutMs);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            currentTimeout = timeoutMs;
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = 0;
            lim = 0;
            opens++;
        }

        void close() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        /** Sends the request and reads the whole answer; closes afterwards when the server said Connection: close. */
        void exchange(byte[] request) throws IOException {
            status = 0;
            if (socket == null) {
                open();
            }
            deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            if (currentTimeout != timeoutMs) {
                socket.setSoTimeout(timeoutMs);
                currentTimeout = timeoutMs;
            }
            out.write(request);
            readResponse();
            if (closeAfter) {
                close();
            }
        }

        private void fill() throws IOException {
            long remaining = (deadline - System.nanoTime()) / 1_000_000L;
            if (remaining <= 0) {
                throw new SocketTimeoutException("no complete answer within " + timeoutMs + " ms");
            }
            if (remaining < currentTimeout - 50) {
                currentTimeout = (int) Math.max(1, remaining);
                socket.setSoTimeout(currentTimeout);
            }
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                throw new EOFException("connection closed by the server");
            }
            pos = 0;
            lim = n;
        }

        private int readLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos >= lim) {
                    fill();
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    break;
                }
                if (n == line.length) {
                    if (n >= 64 * 1024) {
                        throw new IOException("header line longer than 64 KiB");
                    }
                    line = Arrays.copyOf(line, n * 2);
                }
                line[n++] = b;
            }
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            return n;
        }

        private boolean nameIs(int colon, String lower) {
            if (colon != lower.length()) {
                return false;
            }
            for (int i = 0; i < colon; i++) {
                if ((line[i] | 0x20) != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean valueHas(int from, int to, String lower) {
            int n = lower.length();
            for (int i = from; i + n <= to; i++) {
                int k = 0;
                while (k < n && (line[i + k] | 0x20) == lower.charAt(k)) {
                    k++;
                }
                if (k == n) {
                    return true;
                }
            }
            return false;
        }

        private void readResponse() throws IOException {
            long contentLength;
            boolean chunked;
            while (true) {
                int n = readLine();
                if (n == 0) {
                    continue; // tolerate a stray CRLF before the status line
                }
                if (n < 12 || line[0] != 'H' || line[4] != '/' || line[8] != ' ') {
                    throw new IOException("not an HTTP status line: " + new String(line, 0, Math.min(n, 100),
                            StandardCharsets.ISO_8859_1));
                }
                boolean http10 = line[7] == '0';
                status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
                contentLength = -1;
                chunked = false;
                closeAfter = http10;
                etag = null;
                location = null;
                while ((n = readLine()) > 0) {
                    int colon = -1;
                    for (int i = 0; i < n; i++) {
                        if (line[i] == ':') {
                            colon = i;
                            break;
                        }
                    }
                    if (colon <= 0) {
                        continue;
                    }
                    int vs = colon + 1;
                    while (vs < n && (line[vs] == ' ' || line[vs] == '\t')) {
                        vs++;
                    }
                    int ve = n;
                    while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) {
                        ve--;
                    }
                    if (nameIs(colon, "content-length")) {
                        long v = 0;
                        for (int i = vs; i < ve; i++) {
                            v = v * 10 + (line[i] - '0');
                        }
                        contentLength = v;
                    } else if (nameIs(colon, "transfer-encoding")) {
                        chunked = valueHas(vs, ve, "chunked");
                    } else if (nameIs(colon, "connection")) {
                        if (valueHas(vs, ve, "close")) {
                            closeAfter = true;
                        } else if (http10 && valueHas(vs, ve, "keep-alive")) {
                            closeAfter = false;
                        }
                    } else if (nameIs(colon, "etag")) {
                        etag = new String(line, vs, ve - vs, StandardCharsets.ISO_8859_1);
                    } else if (nameIs(colon, "location")) {
                        location = new String(line, vs, ve - vs, StandardCharsets.ISO_8859_1);
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // an interim answer (100 Continue): the real one follows
                }
                break;
            }
            bodyLen = 0;
            if (status == 204 || status == 304) {
                return;
            }
            if (chunked) {
                while (true) {
                    int n = readLine();
                    long size = 0;
                    int digits = 0;
                    for (int i = 0; i < n; i++) {
                        int d = Character.digit(line[i], 16);
                        if (d < 0) {
                            break; // ';' chunk extensions, or trailing whitespace
                        }
                        size = size * 16 + d;
                        digits++;
                    }
                    if (digits == 0) {
                        throw new IOException("bad chunk size line: " + new String(line, 0, Math.min(n, 100),
                                StandardCharsets.ISO_8859_1));
                    }
                    if (size == 0) {
                        while (readLine() > 0) {
                            // trailers, up to the empty line
                        }
                        return;
                    }
                    readBody(size);
                    if (readLine() != 0) {
                        throw new IOException("chunk not followed by CRLF");
                    }
                }
            } else if (contentLength >= 0) {
                readBody(contentLength);
            } else {
                closeAfter = true; // the body runs to the end of the connection
                try {
                    while (true) {
                        if (pos >= lim) {
                            fill();
                        }
                        readBody(lim - pos);
                    }
                } catch (EOFException end) {
                    // the end of the body
                }
            }
        }

        private void readBody(long length) throws IOException {
            if (bodyLen + length > 256L * 1024 * 1024) {
                throw new IOException("answer body larger than 256 MiB");
            }
            int need = (int) (bodyLen + length);
            if (need > body.length) {
                body = Arrays.copyOf(body, Math.max(need, body.length * 2));
            }
            while (length > 0) {
                if (pos >= lim) {
                    fill();
                }
                int k = (int) Math.min(length, lim - pos);
                System.arraycopy(buf, pos, body, bodyLen, k);
                pos += k;
                bodyLen += k;
                length -= k;
            }
        }

        String bodyString(int max) {
            return new String(body, 0, Math.min(bodyLen, max), StandardCharsets.UTF_8);
        }

        /** The first "id":"…" of the body (a created resource's id), else the last segment of Location. */
        String id() {
            byte[] key = {'"', 'i', 'd', '"', ':', '"'};
            outer:
            for (int i = 0; i + key.length <= bodyLen; i++) {
                for (int k = 0; k < key.length; k++) {
                    if (body[i + k] != key[k]) {
                        continue outer;
                    }
                }
                int from = i + key.length;
                int to = from;
                while (to < bodyLen && body[to] != '"') {
                    to++;
                }
                return new String(body, from, to - from, StandardCharsets.UTF_8);
            }
            if (location != null && location.lastIndexOf('/') >= 0) {
                return location.substring(location.lastIndexOf('/') + 1);
            }
            return null;
        }
    }

    record Resp(int status, String body, String location, String etag) {
    }

    /** One request on a connection of its own (setup, admin calls). */
    static Resp call(String method, String path, String token, String contentType, String body, int timeoutMs)
            throws IOException {
        HttpConn c = new HttpConn(host, port, timeoutMs);
        try {
            c.exchange(request(method, path, token, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
            return new Resp(c.status, c.bodyString(Integer.MAX_VALUE), c.location, c.etag);
        } finally {
            c.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- minimal JSON

    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Object v = new Json(text).value();
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object: " + text);
            }
            return (Map<String, Object>) v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[': {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default: {
                    int from = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    String num = s.substring(from, i);
                    if (num.contains(".") || num.contains("e") || num.contains("E")) {
                        return Double.parseDouble(num);
                    }
                    return Long.parseLong(num);
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- environment

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String machine() {
        String memory = "unknown";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D+", ""));
                    memory = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        String cpu = "";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = ", " + l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return "nproc " + command("nproc").orElse(String.valueOf(Runtime.getRuntime().availableProcessors()))
                + cpu + ", memory " + memory + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", Java " + System.getProperty("java.version");
    }

    static String git() {
        String head = command("git", "rev-parse", "--short", "HEAD").orElse("unknown");
        String tracked = command("git", "status", "--porcelain", "--untracked-files=no").orElse(null);
        String untracked = command("git", "ls-files", "--others", "--exclude-standard").orElse(null);
        if (tracked == null) {
            return head;
        }
        long changed = tracked.lines().filter(l -> !l.isBlank()).count();
        long added = untracked == null ? 0 : untracked.lines().filter(l -> !l.isBlank()).count();
        return head + (changed == 0 ? ", tree clean" : ", tree dirty (" + changed + " tracked files changed)")
                + (added == 0 ? "" : ", " + added + " untracked files");
    }

    static java.util.Optional<String> command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(out);
        } catch (IOException | InterruptedException e) {
            return java.util.Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------------ report

    static String f1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static final class Report {
        String date;
        String loadBefore;
        String loadAfter;
        String machine;
        String git;
        String tenant;
        Map<String, String> pgSettings;
        Result pg1;
        Result pg8;
        Result trivial;
        final List<Result> phases = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        long eventsBeforeSeed;
        long eventsBeforeRebuild;
        long eventsAfterRebuild;
        Seed seed;
        final List<Rebuild> rebuilds = new ArrayList<>();

        String markdown() {
            StringBuilder m = new StringBuilder();
            m.append("# SCIM benchmark\n\n");
            m.append("- Date: ").append(date).append('\n');
            m.append("- Machine: ").append(machine).append('\n');
            m.append("- Load average (1, 5, 15 min): before ").append(loadBefore).append(", after ").append(loadAfter).append('\n');
            m.append("- Commit: ").append(git).append('\n');
            if (jar != null) {
                String jarInfo = jar;
                try {
                    jarInfo += " (modified " + Files.getLastModifiedTime(Path.of(jar)).toInstant().toString()
                            .replaceAll("\\.\\d+Z$", "Z") + ")";
                } catch (IOException ignored) {
                    // no date
                }
                m.append("- Jar: ").append(jarInfo).append(built == null ? "" : "; " + built).append('\n');
            }
            m.append("- Service: fresh data directory, embedded PostgreSQL and Kafka, JAVA_OPTS `")
                    .append(serviceJavaOpts == null || serviceJavaOpts.isBlank() ? "" : serviceJavaOpts).append('`');
            if (serviceArgs != null && !serviceArgs.isBlank()) {
                m.append(", arguments `").append(serviceArgs).append('`');
            }
            m.append("; load client in the same machine (shares the CPU)\n");
            m.append("- Settings: ").append(warmupS).append(" s warm-up (not measured) then ").append(durationS)
                    .append(" s measured per row; connections ").append(Arrays.toString(connections).replaceAll("[\\[\\] ]", ""))
                    .append("; closed loop, HTTP/1.1 keep-alive, one socket per connection; timeout 10 s; tenant ")
                    .append(tenant).append('\n');
            m.append("- PostgreSQL: ");
            pgSettings.forEach((k, v) -> m.append(k).append(" = ").append(v).append(", "));
            m.setLength(m.length() - 2);
            m.append("\n\n");

            m.append("## This machine's limits (same run)\n\n");
            m.append("| measure | clients | operations | per second | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n");
            limitRow(m, "PostgreSQL single-row INSERT commit (autocommit, logged table)", pg1);
            limitRow(m, "PostgreSQL single-row INSERT commit (autocommit, logged table)", pg8);
            limitRow(m, "trivial HTTP GET (JDK HttpServer, 32 threads, " + trivial.bodyBytes + "-byte JSON)", trivial);
            m.append('\n');

            double pg8Rate = pg8.rate();
            double trivialRate = trivial.rate();
            m.append("## SCIM phases\n\n");
            m.append("req/s counts every answered request (any status) in the measured window; p50/p99 over the same "
                    + "answers; the last two columns divide req/s by the PostgreSQL 8-client commit rate (")
                    .append(f1(pg8Rate)).append("/s) and by the trivial HTTP rate (").append(f1(trivialRate)).append("/s).\n\n");
            m.append("CPU ms per request: CPU time (user + system, from /proc) spent during the window by the service's JVM "
                    + "and by PostgreSQL (server and backends), divided by the requests answered; machine busy: the "
                    + "share of both cores in use (this load client included).\n\n");
            m.append("| phase | connections | requests | req/s | p50 ms | p99 ms | non-2xx | timeouts | conn errors "
                    + "| ÷ PG 8-client commits | ÷ trivial HTTP | JVM CPU ms/req | PostgreSQL CPU ms/req | machine busy |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String> odd = new ArrayList<>();
            for (Result r : phases) {
                m.append("| ").append(r.name).append(" | ").append(r.connections).append(" | ").append(r.requests())
                        .append(" | ").append(f1(r.rate())).append(" | ").append(f2(r.p(0.50))).append(" | ")
                        .append(f2(r.p(0.99))).append(" | ").append(r.non2xx()).append(" | ").append(r.timeouts())
                        .append(" | ").append(r.total.connErrors).append(" | ").append(ratio(r.rate() / pg8Rate))
                        .append(" | ").append(ratio(r.rate() / trivialRate)).append(" | ")
                        .append(cpuPerRequest(r.cpu == null ? 0 : r.cpu.jvm(), r.total.count)).append(" | ")
                        .append(cpuPerRequest(r.cpu == null ? 0 : r.cpu.postgres(), r.total.count)).append(" | ")
                        .append(r.cpu == null || r.cpu.machineAll() <= 0 ? "–"
                                : String.format(Locale.ROOT, "%.0f%%", 100 * r.cpu.machineBusy() / r.cpu.machineAll()))
                        .append(" |\n");
                String u = r.unexpected2xx();
                if (!u.isEmpty()) {
                    odd.add(r.name + " at " + r.connections + " connections answered unexpected 2xx: " + u);
                }
                if (r.total.lastError != null && r.total.connErrors > 0) {
                    odd.add(r.name + " at " + r.connections + " connections, last connection error: " + r.total.lastError);
                }
            }
            m.append('\n');
            Result longest = null;
            for (Result r : phases) {
                if (!r.settled) {
                    odd.add(r.name + " at " + r.connections + " connections: the service still had requests in progress "
                            + String.format(Locale.ROOT, "%.0f s", r.settleSeconds) + " after the row; the next row ran into them");
                }
                if (longest == null || r.settleSeconds > longest.settleSeconds) {
                    longest = r;
                }
            }
            if (longest != null) {
                m.append(String.format(Locale.ROOT, "Requests in flight when a window closed are not counted; \"after the "
                                + "end\" shows those that then timed out (or how many were answered, when none was in the "
                                + "window). After each row the harness waited until the service had no request in progress "
                                + "before the next; longest wait %.1f s, after %s at %d connections.%n%n", longest.settleSeconds,
                        longest.name, longest.connections));
            }
            for (String o : odd) {
                m.append("- ").append(o).append('\n');
            }
            for (String n : notes) {
                m.append("- ").append(n).append('\n');
            }
            if (!odd.isEmpty() || !notes.isEmpty()) {
                m.append('\n');
            }

            m.append("## Read-your-writes\n\n");
            m.append("During the write phases a sampler took the most recent 2xx write at most 50 times a second and "
                    + "read it back at once on its own connection (fresh: the read's ETag is at least the write's, and "
                    + "shows the write when equal). Torn: the read's ETag is the write's version but its body already "
                    + "shows a later write of the same resource (answered by then), so the write was visible but the "
                    + "answer's ETag and body disagree; counted as not fresh.\n\n");
            m.append("| phase | connections | samples | fresh | stale | torn | read failed | fresh fraction |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
            long samples = 0;
            long fresh = 0;
            List<String> staleDetails = new ArrayList<>();
            List<String> tornDetails = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Result r : phases) {
                Sampler s = r.sampler;
                if (s == null) {
                    continue;
                }
                long judged = s.fresh + s.stale + s.torn;
                samples += judged;
                fresh += s.fresh;
                m.append("| ").append(r.name).append(" | ").append(r.connections).append(" | ").append(s.taken)
                        .append(" | ").append(s.fresh).append(" | ").append(s.stale).append(" | ").append(s.torn)
                        .append(" | ").append(s.failed)
                        .append(" | ").append(judged == 0 ? "–" : String.format(Locale.ROOT, "%.4f", (double) s.fresh / judged))
                        .append(" |\n");
                for (String d : s.staleDetails) {
                    if (staleDetails.size() < 5) {
                        staleDetails.add(r.name + " c=" + r.connections + ": " + d);
                    }
                }
                for (String d : s.tornDetails) {
                    if (tornDetails.size() < 5) {
                        tornDetails.add(r.name + " c=" + r.connections + ": " + d);
                    }
                }
                if (s.lastFailure != null) {
                    failures.add(r.name + " c=" + r.connections + ": " + s.lastFailure);
                }
            }
            m.append("\nOverall: ").append(samples).append(" judged samples, ")
                    .append(samples == 0 ? "–" : String.format(Locale.ROOT, "%.4f", (double) fresh / samples))
                    .append(" fresh.\n");
            if (!staleDetails.isEmpty()) {
                m.append("\nStale samples (first 5):\n\n");
                staleDetails.forEach(d -> m.append("- ").append(d).append('\n'));
            }
            if (!tornDetails.isEmpty()) {
                m.append("\nTorn reads (first 5):\n\n");
                tornDetails.forEach(d -> m.append("- ").append(d).append('\n'));
            }
            if (!failures.isEmpty()) {
                m.append("\nFailed reads (last of each row):\n\n");
                failures.forEach(d -> m.append("- ").append(d).append('\n'));
            }
            m.append('\n');

            m.append("## Projection rebuild\n\n");
            m.append("Event log (`domain_event_entry`): ").append(eventsBeforeSeed).append(" events after the phases");
            if (seed != null) {
                m.append(String.format(Locale.ROOT, "; seeded through POST /Bulk (%d operations a request, %d connections) "
                                + "to %d events: %d users created in %d requests (%d failed requests, %d failed operations) "
                                + "in %.1f s (%.1f users/s)", seedBatch, seedConnections, seed.after, seed.usersCreated,
                        seed.bulkRequests, seed.bulkFailures, seed.operationsFailed, seed.seconds,
                        seed.usersCreated / seed.seconds));
                if (seed.after < seed.target) {
                    m.append("; **the target of ").append(seed.target).append(" events was not reached**");
                }
            }
            m.append("; ").append(eventsBeforeRebuild).append(" events when the rebuilds started");
            if (eventsAfterRebuild != eventsBeforeRebuild) {
                m.append(", ").append(eventsAfterRebuild).append(" after");
            }
            m.append(".\n\n");
            if (seed != null && !seed.problems.isEmpty()) {
                seed.problems.stream().limit(5).forEach(p -> m.append("- seeding: ").append(p).append('\n'));
                m.append('\n');
            }
            m.append("| projection | status | events replayed | events total | events/s (service) | verdict | rows compared "
                    + "| compare s | service s | wall s |\n|---|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
            for (Rebuild r : rebuilds) {
                if (r.last == null) {
                    m.append("| ").append(r.projection).append(" | not started: ").append(r.startProblem.replace("|", "\\|"))
                            .append(" | | | | | | | | |\n");
                    continue;
                }
                Map<String, Object> s = r.last;
                m.append("| ").append(r.projection).append(" | ").append(s.get("status")).append(r.timedOut ? " (gave up waiting)" : "")
                        .append(" | ").append(s.get("eventsApplied")).append(" | ").append(orDash(s.get("eventsTotal")))
                        .append(" | ").append(s.get("eventsPerSecond") instanceof Number n ? f1(n.doubleValue()) : "–")
                        .append(" | ").append(orDash(s.get("verdict"))).append(" | ").append(orDash(s.get("rowsCompared")))
                        .append(" | ").append(s.get("compareSeconds") instanceof Number n ? f2(n.doubleValue()) : "–")
                        .append(" | ").append(serviceSeconds(s)).append(" | ").append(f1(r.wallSeconds)).append(" |\n");
            }
            for (Rebuild r : rebuilds) {
                if (r.last == null) {
                    continue;
                }
                Object error = r.last.get("error");
                Object differences = r.last.get("differenceCount");
                if (error != null) {
                    m.append("\n- ").append(r.projection).append(" error: ").append(error);
                }
                if (differences instanceof Number n && n.longValue() > 0) {
                    m.append("\n- ").append(r.projection).append(": ").append(differences).append(" rows ")
                            .append("inconclusive".equals(r.last.get("verdict")) ? "kept moving" : "differ")
                            .append("; first: ").append(r.last.get("differences"));
                }
            }
            m.append("\nwall s: from the POST to the first poll (every 500 ms) that no longer saw it running; service s: "
                    + "its finishedAt − startedAt.\n");
            return m.toString();
        }

        static String orDash(Object o) {
            return o == null ? "–" : o.toString();
        }

        static String serviceSeconds(Map<String, Object> s) {
            try {
                Object a = s.get("startedAt");
                Object b = s.get("finishedAt");
                if (a instanceof String sa && b instanceof String sb) {
                    return f1((Instant.parse(sb).toEpochMilli() - Instant.parse(sa).toEpochMilli()) / 1000.0);
                }
                if (a instanceof Number na && b instanceof Number nb) {
                    return f1(nb.doubleValue() - na.doubleValue());
                }
            } catch (RuntimeException ignored) {
                // unparsable
            }
            return "–";
        }

        static String cpuPerRequest(double seconds, long requests) {
            return seconds <= 0 || requests == 0 ? "–" : String.format(Locale.ROOT, "%.2f", 1000 * seconds / requests);
        }

        static void limitRow(StringBuilder m, String what, Result r) {
            m.append("| ").append(what).append(" | ").append(r.connections).append(" | ").append(r.total.count)
                    .append(" | ").append(f1(r.rate())).append(" | ").append(f2(r.p(0.50))).append(" | ")
                    .append(f2(r.p(0.99))).append(" | ").append(r.total.timeouts + r.total.connErrors
                            + (r.count2xx() == r.total.count ? 0 : r.total.count - r.count2xx())).append(" |\n");
        }
    }
}
