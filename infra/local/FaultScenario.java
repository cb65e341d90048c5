import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load-and-faults driver of the local multi-node topology (issue 7, items 4 and 5): Entra-like SCIM load over two
 * gateways (round robin, a failed attempt retried on the other gateway with back-off), kill -9 faults through
 * topology.sh at seeded random moments, then the checks: every 2xx change in the event log, contiguous aggregate
 * sequences, rebuilt projections equal to the live ones, every event on Kafka, worker segment takeover time, and no 5xx
 * outside the database's outage. Prints the report (Markdown) and writes it to report=..., exit 0 only on PASS.
 *
 *   java -cp KAFKA_CLIENTS:PGJDBC:JACKSON infra/local/FaultScenario.java key=value...
 *
 * keys: gateways (space or comma separated), admin-token, jdbc, kafka, topology (topology.sh; empty: no faults),
 * run-dir, duration (s, load), threads, tenants, seed, faults (gateway1,worker1,kafka,postgres or none), report.
 * Loopback only. Usually run by fault-scenario.sh.
 */
public class FaultScenario {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCIM = "/api/service/scim";
    static final String SCIM_JSON = "application/scim+json";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final long RETRY_BUDGET_MS = 60_000;
    static final long DB_GRACE_MS = 20_000;
    static final long TAKEOVER_LIMIT_MS = 15_000;
    /** The tracking processors (the SCIM read model is written inline, by the gateway that decides each command). */
    static final List<String> PROCESSORS = List.of("audit-trail", "kafka-publisher", "event-chain");
    static final Pattern ETAG = Pattern.compile("W/\"(\\d+)\"");

    // ------------------------------------------------------------------------------------------------ configuration
    static Map<String, String> cfg = new HashMap<>();
    static List<String> gateways;
    static String adminToken;
    static String jdbcUrl;
    static String kafka;
    static String topology;
    static Path runDir;
    static long seed;
    static HttpClient http;
    static long t0; // epoch ms of the driver's start: every figure is relative to it

    static String cfg(String key, String def) {
        String v = cfg.get(key);
        return v == null || v.isBlank() ? def : v;
    }

    // ---------------------------------------------------------------------------------------------------- records
    record Attempt(long start, long end, String gateway, int status, String error) {
        boolean failed() {
            return error != null || status >= 500;
        }
    }

    static final class Req {
        String op, method, path, tenant;
        long start, end;
        final List<Attempt> attempts = new ArrayList<>();
        int status = -1; // final: last attempt's status, -1 when every attempt failed without an answer
        String id;
        Long version;
        String body;
        boolean appliedEarlier; // a retried create answered 409: the first attempt had been applied

        boolean ok() {
            return status >= 200 && status < 300 || appliedEarlier;
        }

        boolean write() {
            return !method.equals("GET");
        }
    }

    static final class Fault {
        String name, target;
        long kill, startBegin, ready = -1;
        int startExit;
        String note = "";
        // worker takeover
        Long takeoverMs;
        int victimSegments, segments;
        String takeoverDetail = "";
    }

    static final class Tenant {
        final int index;
        final String id, token;
        final List<String[]> users = new ArrayList<>(); // {id, userName}
        final List<String[]> groups = new ArrayList<>(); // {id, displayName}
        final AtomicInteger counter = new AtomicInteger();

        Tenant(int index, String id, String token) {
            this.index = index;
            this.id = id;
            this.token = token;
        }
    }

    static final ConcurrentLinkedQueue<Req> requests = new ConcurrentLinkedQueue<>();
    static final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    static final AtomicBoolean stop = new AtomicBoolean();
    /** Creates answered 409 after a failed attempt whose resource no lookup found. */
    static final ConcurrentLinkedQueue<Req> unresolved = new ConcurrentLinkedQueue<>();
    static final AtomicInteger roundRobin = new AtomicInteger();
    static String run;

    // -------------------------------------------------------------------------------------------------------- main
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                cfg.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        t0 = System.currentTimeMillis();
        gateways = List.of(cfg("gateways", "http://127.0.0.1:18081 http://127.0.0.1:18082").trim().split("[,\\s]+"));
        for (String g : gateways) {
            if (!g.startsWith("http://127.0.0.1:") && !g.startsWith("http://localhost:")) {
                throw new IllegalArgumentException("loopback targets only: " + g);
            }
        }
        adminToken = cfg("admin-token", null);
        jdbcUrl = cfg("jdbc", null);
        kafka = cfg("kafka", null);
        topology = cfg("topology", "");
        runDir = Path.of(cfg("run-dir", "target/fault-scenario"));
        Files.createDirectories(runDir);
        seed = Long.parseLong(cfg("seed", String.valueOf(System.nanoTime() % 1_000_000)));
        int duration = Integer.parseInt(cfg("duration", "180"));
        int threads = Integer.parseInt(cfg("threads", "8"));
        int tenantCount = Integer.parseInt(cfg("tenants", "3"));
        String faultSpec = topology.isEmpty() ? "none" : cfg("faults", "gateway1,worker1,kafka,postgres");
        List<String> faultNames = faultSpec.equals("none") ? List.of() : List.of(faultSpec.split(","));
        Path report = Path.of(cfg("report", runDir.resolve("fault-scenario-report.md").toString()));
        run = Long.toString(seed, 36) + "-" + Long.toString(t0 % 1_000_000, 36);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

        log("seed %d (SEED=%d repeats the fault schedule), run %s, gateways %s, %d threads, %d tenants, load %d s, faults %s",
                seed, seed, run, gateways, threads, tenantCount, duration, faultNames);

        // tenants and tokens
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
            JsonNode t = admin("POST", "/admin/tenants", "{\"name\":\"fault-" + run + "-" + i + "\"}", 201, 200);
            JsonNode k = admin("POST", "/admin/tenants/" + t.get("id").asText() + "/tokens", "{}", 201, 200);
            tenants.add(new Tenant(i, t.get("id").asText(), k.get("token").asText()));
        }
        log("created %d tenants", tenants.size());

        // the load
        long loadStart = now();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Random random = new Random(seed * 31 + i);
            Thread th = new Thread(() -> load(tenants, random), "load-" + i);
            th.start();
            workers.add(th);
        }
        // the faults, one after another at seeded random moments
        Thread faultThread = new Thread(() -> runFaults(faultNames, new Random(seed)), "faults");
        faultThread.start();
        long plannedEnd = loadStart + duration * 1000L;
        long hardEnd = plannedEnd + 240_000;
        while (now() < plannedEnd || (faultThread.isAlive() && now() < hardEnd)) {
            Thread.sleep(1000);
            if ((now() - loadStart) % 15_000 < 1000) {
                log("load: %d requests so far", requests.size());
            }
        }
        // a quiet tail after the last fault's recovery: the load goes on 15 s past it
        long lastReady = faults.stream().mapToLong(f -> Math.max(f.ready, f.kill)).max().orElse(0);
        while (now() < lastReady + 15_000 && now() < hardEnd) {
            Thread.sleep(500);
        }
        stop.set(true);
        long loadStop = now();
        log("load stopped after %.0f s; waiting for in-flight requests", (loadStop - loadStart) / 1000.0);
        for (Thread th : workers) {
            th.join(RETRY_BUDGET_MS + 35_000);
        }
        faultThread.join(300_000);
        long loadEnd = now();

        // recovery
        String recovery = awaitRecovery();
        log("recovery: %s", recovery);

        // the checks
        Report r = new Report();
        List<Req> all = new ArrayList<>(requests);
        all.sort((a, b) -> Long.compare(a.start, b.start));
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            db.setAutoCommit(true);
            checkLogged(r, db, all);
            checkContiguous(r, db);
            checkKafka(r, db);
            checkRebuilds(r);
            checkTakeover(r, faultNames);
            checkErrors(r, all);
            r.eventStats = eventStats(db);
        }
        writeRequestLog(all);
        String md = r.markdown(all, tenants, loadStart, loadStop, loadEnd, recovery, duration, threads);
        Files.writeString(report, md);
        System.out.println();
        System.out.println(md);
        System.out.println("report: " + report.toAbsolutePath());
        System.exit(r.pass() ? 0 : 1);
    }

    static long now() {
        return System.currentTimeMillis();
    }

    static String rel(long ms) {
        return ms < 0 ? "-" : String.format(Locale.ROOT, "%.1f", (ms - t0) / 1000.0);
    }

    static synchronized void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fault-scenario %6.1f] %s%n", (now() - t0) / 1000.0, String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    // ---------------------------------------------------------------------------------------------------- HTTP
    static JsonNode admin(String method, String path, String body, int... expect) throws Exception {
        long deadline = now() + 120_000;
        int gi = 0;
        while (true) {
            String g = gateways.get(gi++ % gateways.size());
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json");
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                for (int e : expect) {
                    if (resp.statusCode() == e) {
                        return resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
                    }
                }
                if (resp.statusCode() < 500 || now() > deadline) {
                    throw new IllegalStateException(method + " " + path + " answered " + resp.statusCode() + ": " + resp.body());
                }
            } catch (IOException e) {
                if (now() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(1000);
        }
    }

    /** One logical request, retried on the other gateway after a connection error or a 5xx, for up to 60 s. */
    static Req exec(String op, String method, String path, String body, Tenant tenant, Random random) {
        Req req = new Req();
        req.op = op;
        req.method = method;
        req.path = path;
        req.tenant = tenant.id;
        req.start = now();
        int gi = Math.floorMod(roundRobin.getAndIncrement(), gateways.size());
        long backoff = 250;
        while (true) {
            String g = gateways.get(gi);
            long s = now();
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g + SCIM + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + tenant.token).header("Accept", SCIM_JSON);
                if (body != null) {
                    b.header("Content-Type", SCIM_JSON);
                }
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                req.attempts.add(new Attempt(s, now(), g, resp.statusCode(), null));
                req.status = resp.statusCode();
                req.body = resp.body();
                resp.headers().firstValue("ETag").ifPresent(e -> {
                    Matcher m = ETAG.matcher(e);
                    if (m.find()) {
                        req.version = Long.parseLong(m.group(1));
                    }
                });
                if (resp.statusCode() < 500) {
                    break;
                }
            } catch (HttpTimeoutException e) {
                req.attempts.add(new Attempt(s, now(), g, -1, "timeout"));
                req.status = -1;
            } catch (IOException e) {
                String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                req.attempts.add(new Attempt(s, now(), g, -1, msg));
                req.status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (now() - req.start > RETRY_BUDGET_MS) {
                break;
            }
            try {
                Thread.sleep(backoff / 2 + random.nextInt((int) backoff));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, 4000);
            gi = (gi + 1) % gateways.size();
        }
        req.end = now();
        requests.add(req);
        return req;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String idOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.has("id")) {
                return n.get("id").asText();
            }
            JsonNode res = n.path("Resources");
            if (res.isArray() && res.size() == 1) {
                return res.get(0).get("id").asText();
            }
        } catch (Exception ignored) {
            // not JSON
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------- load
    static void load(List<Tenant> tenants, Random random) {
        while (!stop.get()) {
            Tenant t = tenants.get(random.nextInt(tenants.size()));
            int users, groups;
            synchronized (t) {
                users = t.users.size();
                groups = t.groups.size();
            }
            int dice = random.nextInt(100);
            try {
                if (users < 10 || dice < 30) {
                    createUser(t, random);
                } else if (groups < 3 || dice < 35) {
                    createGroup(t, random);
                } else if (dice < 50) {
                    groupMembers(t, random, true);
                } else if (dice < 56) {
                    groupMembers(t, random, false);
                } else if (dice < 70) {
                    patchHotUser(t, random, true);
                } else if (dice < 78) {
                    patchHotUser(t, random, false);
                } else if (dice < 81) {
                    putUser(t, random);
                } else if (dice < 83) {
                    deleteUser(t, random);
                } else if (dice < 95) {
                    String[] u = pick(t.users, t, random, 0);
                    exec("GET user by userName", "GET", "/Users?filter=" + q("userName eq \"" + u[1] + "\""), null, t, random);
                } else {
                    String[] g = pick(t.groups, t, random, 0);
                    exec("GET group by displayName", "GET", "/Groups?filter=" + q("displayName eq \"" + g[1] + "\"")
                            + "&excludedAttributes=members", null, t, random);
                }
            } catch (RuntimeException e) {
                log("load thread: %s", e);
            }
        }
    }

    static String[] pick(List<String[]> list, Tenant t, Random random, int from) {
        synchronized (t) {
            int n = list.size();
            return list.get(from + random.nextInt(n - from));
        }
    }

    /** The first few users of a tenant: changed by several threads at once. */
    static String[] hot(Tenant t, Random random) {
        synchronized (t) {
            return t.users.get(random.nextInt(Math.min(8, t.users.size())));
        }
    }

    static ObjectNode userJson(String userName, String externalId, String given, String family, boolean active) {
        ObjectNode u = JSON.createObjectNode();
        u.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        u.put("externalId", externalId);
        u.put("userName", userName);
        u.put("active", active);
        u.put("displayName", given + " " + family);
        ObjectNode name = u.putObject("name");
        name.put("formatted", given + " " + family);
        name.put("familyName", family);
        name.put("givenName", given);
        ArrayNode emails = u.putArray("emails");
        emails.addObject().put("primary", true).put("type", "work").put("value", userName);
        return u;
    }

    static void createUser(Tenant t, Random random) {
        String userName = "u" + t.counter.incrementAndGet() + "-" + run + "-t" + t.index + "@example.com";
        String body = userJson(userName, UUID.randomUUID().toString(), "Given" + random.nextInt(1000), "Family", true).toString();
        Req r = exec("POST /Users", "POST", "/Users", body, t, random);
        resolveCreate(r, t, random, "/Users?filter=" + q("userName eq \"" + userName + "\""));
        if (r.id != null) {
            synchronized (t) {
                t.users.add(new String[]{r.id, userName});
            }
        }
    }

    static void createGroup(Tenant t, Random random) {
        String name = "g" + t.counter.incrementAndGet() + "-" + run + "-t" + t.index;
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name
                + "\",\"externalId\":\"" + UUID.randomUUID() + "\",\"members\":[]}";
        Req r = exec("POST /Groups", "POST", "/Groups", body, t, random);
        resolveCreate(r, t, random, "/Groups?excludedAttributes=members&filter=" + q("displayName eq \"" + name + "\""));
        if (r.id != null) {
            synchronized (t) {
                t.groups.add(new String[]{r.id, name});
            }
        }
    }

    /** A 201 gives the id; a 409 uniqueness after a failed attempt means the first attempt was applied: look it up. */
    static void resolveCreate(Req r, Tenant t, Random random, String lookup) {
        if (r.status == 201) {
            r.id = idOf(r.body);
        } else if (r.status == 409 && r.attempts.size() > 1) {
            // the first attempt committed (its userName claim gave the 409), its read model row with it; looked up for
            // up to 60 s all the same, so a lookup that fails for another reason (a gateway going down) is tried again
            long deadline = now() + 60_000;
            while (r.id == null && now() < deadline) {
                Req l = exec("GET lookup after 409", "GET", lookup, null, t, random);
                if (l.status == 200) {
                    r.id = idOf(l.body);
                    r.appliedEarlier = r.id != null;
                }
                if (r.id == null) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (r.id == null) {
                unresolved.add(r);
            }
        }
    }

    static String patch(String op, String path, String valueJson) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"" + op + "\",\"path\":\"" + path
                + "\",\"value\":" + valueJson + "}]}";
    }

    static void groupMembers(Tenant t, Random random, boolean add) {
        String[] g = pick(t.groups, t, random, 0);
        StringBuilder value = new StringBuilder("[");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            value.append(i == 0 ? "" : ",").append("{\"value\":\"").append(pick(t.users, t, random, 0)[0]).append("\"}");
        }
        value.append(']');
        Req r = exec(add ? "PATCH /Groups add members" : "PATCH /Groups remove members", "PATCH", "/Groups/" + g[0],
                patch(add ? "Add" : "Remove", "members", value.toString()), t, random);
        r.id = g[0];
    }

    static void patchHotUser(Tenant t, Random random, boolean displayName) {
        String[] u = hot(t, random);
        String body = displayName
                ? patch("Replace", "displayName", "\"Display " + random.nextInt(1_000_000) + "\"")
                : patch("Replace", "active", random.nextBoolean() ? "\"False\"" : "\"True\"");
        Req r = exec(displayName ? "PATCH /Users displayName" : "PATCH /Users active", "PATCH", "/Users/" + u[0], body, t, random);
        r.id = u[0];
    }

    static void putUser(Tenant t, Random random) {
        String[] u = hot(t, random);
        String body = userJson(u[1], "ext-" + u[0], "Put" + random.nextInt(1000), "Replaced", true).toString();
        Req r = exec("PUT /Users", "PUT", "/Users/" + u[0], body, t, random);
        r.id = u[0];
    }

    /** Deletes a user that is not a hot one, taken out of the tenant's list first. */
    static void deleteUser(Tenant t, Random random) {
        String[] u;
        synchronized (t) {
            if (t.users.size() < 20) {
                return;
            }
            u = t.users.remove(8 + random.nextInt(t.users.size() - 8));
        }
        Req r = exec("DELETE /Users", "DELETE", "/Users/" + u[0], null, t, random);
        r.id = u[0];
        // a retried DELETE answered 404: the first attempt had deleted it (check 1 looks for the deleted event)
        r.appliedEarlier = r.status == 404 && r.attempts.size() > 1;
    }

    // ----------------------------------------------------------------------------------------------------- faults
    /**
     * One fault after another at seeded random moments. A restart (topology.sh start, which waits until the process is
     * ready) runs in the background so that the next fault need not wait for a JVM's start, except that PostgreSQL is
     * only killed once every pending restart is done (a service starting against a missing database is another test).
     */
    static void runFaults(List<String> names, Random random) {
        if (names.isEmpty()) {
            return;
        }
        List<String> order = new ArrayList<>(names);
        Collections.shuffle(order, random);
        List<Thread> pending = new ArrayList<>();
        log("fault order: %s", order);
        try {
            sleep(10_000 + random.nextInt(10_000));
            for (String name : order) {
                if (stop.get()) {
                    break;
                }
                Fault f = new Fault();
                f.name = name;
                switch (name) {
                    case "gateway1" -> {
                        f.target = "gateway1";
                        faults.add(f);
                        kill(f);
                        sleep(10_000);
                        pending.add(restartLater(f, 0));
                    }
                    case "worker1" -> {
                        faults.add(f);
                        workerFault(f); // measures the takeover
                        pending.add(restartLater(f, Math.max(0, f.kill + 25_000 - now())));
                    }
                    case "kafka" -> {
                        f.target = "kafka" + (1 + random.nextInt(3));
                        faults.add(f);
                        kill(f);
                        sleep(20_000);
                        pending.add(restartLater(f, 0));
                    }
                    case "postgres" -> {
                        for (Thread t : pending) {
                            t.join();
                        }
                        f.target = "postgres";
                        faults.add(f);
                        kill(f);
                        sleep(5_000);
                        start(f);
                    }
                    default -> log("unknown fault %s ignored", name);
                }
                sleep(6_000 + random.nextInt(9_000));
            }
            for (Thread t : pending) {
                t.join();
            }
        } catch (Exception e) {
            log("fault thread failed: %s", e);
        }
    }

    static Thread restartLater(Fault f, long delay) {
        Thread t = new Thread(() -> {
            try {
                sleep(delay);
                start(f);
            } catch (Exception e) {
                log("restart of %s failed: %s", f.target, e);
            }
        }, "restart-" + f.target);
        t.start();
        return t;
    }

    static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    static String topologyCommand(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", topology));
        cmd.addAll(List.of(args));
        Path out = runDir.resolve("logs").resolve("fault-driver-topology.log");
        Files.createDirectories(out.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        Process p = pb.start();
        p.waitFor();
        return String.valueOf(p.exitValue());
    }

    static void kill(Fault f) throws Exception {
        f.kill = now();
        topologyCommand("kill", f.target);
        log("FAULT kill -9 %s", f.target);
    }

    static void start(Fault f) throws Exception {
        f.startBegin = now();
        log("FAULT start %s", f.target);
        f.startExit = Integer.parseInt(topologyCommand("start", f.target));
        f.ready = now();
        log("FAULT %s ready again after %.1f s (start exit %d)", f.target, (f.ready - f.startBegin) / 1000.0, f.startExit);
    }

    static String pidOf(String name) {
        try {
            return Files.readString(runDir.resolve("pids").resolve(name + ".pid")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** Kills the worker owning segments (worker1 unless it owns none), measures the takeover, restarts it later. */
    static void workerFault(Fault f) throws Exception {
        String w1 = pidOf("worker1"), w2 = pidOf("worker2");
        Map<String, String> owners = owners();
        long owned1 = owners.values().stream().filter(o -> o != null && o.startsWith(w1 + "@")).count();
        f.target = owned1 > 0 || w2 == null ? "worker1" : "worker2";
        String victim = f.target.equals("worker1") ? w1 : w2;
        String survivor = f.target.equals("worker1") ? w2 : w1;
        f.victimSegments = (int) owners.values().stream().filter(o -> o != null && o.startsWith(victim + "@")).count();
        f.segments = owners.size();
        if (!f.target.equals("worker1")) {
            f.note = "worker1 owned no segment; killed worker2 instead";
        }
        kill(f);
        long deadline = f.kill + 90_000;
        String last = "";
        while (now() < deadline) {
            Map<String, String> o;
            try {
                o = owners();
            } catch (Exception e) {
                last = "token_entry unreadable: " + e.getMessage();
                sleep(200);
                continue;
            }
            boolean dead = o.values().stream().anyMatch(x -> x != null && x.startsWith(victim + "@"));
            boolean allLive = o.size() >= f.segments && o.values().stream().allMatch(x -> x != null && x.startsWith(survivor + "@"));
            last = o.toString();
            if (!dead && allLive) {
                f.takeoverMs = now() - f.kill;
                break;
            }
            sleep(200);
        }
        f.takeoverDetail = (f.takeoverMs == null ? "not taken over within 90 s; last owners " : "owners then ") + last;
        log("FAULT %s segments (%d owned) taken over: %s", f.target, f.victimSegments,
                f.takeoverMs == null ? "NO" : f.takeoverMs + " ms");
    }

    static Map<String, String> owners() throws Exception {
        Map<String, String> owners = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT processor_name, segment, owner FROM token_entry WHERE processor_name IN ('"
                     + String.join("','", PROCESSORS) + "')")) {
            while (rs.next()) {
                owners.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(3));
            }
        }
        return owners;
    }

    // --------------------------------------------------------------------------------------------------- recovery
    static String awaitRecovery() throws Exception {
        long start = now();
        long deadline = start + 180_000;
        StringBuilder notes = new StringBuilder();
        if (!topology.isEmpty()) {
            while (now() < deadline) {
                Process p = new ProcessBuilder("bash", topology, "status").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                if (!out.contains("stopped")) {
                    break;
                }
                if (now() + 2000 >= deadline) {
                    notes.append("still stopped: ").append(out.replace('\n', ' ')).append("; ");
                }
                Thread.sleep(2000);
            }
        }
        for (String g : gateways) {
            boolean up = false;
            while (now() < deadline && !up) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(g + "/admin/tenants"))
                            .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    up = r.statusCode() == 200;
                } catch (IOException e) {
                    // not yet
                }
                if (!up) {
                    Thread.sleep(1000);
                }
            }
            if (!up) {
                notes.append(g).append(" not answering; ");
            }
        }
        return (notes.length() == 0 ? "all processes up" : notes.toString()) + " (" + (now() - start) / 1000 + " s after the load)";
    }

    // ----------------------------------------------------------------------------------------------------- checks
    static final class Check {
        final String name;
        boolean pass;
        final List<String> lines = new ArrayList<>();

        Check(String name) {
            this.name = name;
        }

        Check line(String format, Object... args) {
            lines.add(String.format(Locale.ROOT, format, args));
            return this;
        }
    }

    static final class Report {
        final List<Check> checks = new ArrayList<>();
        Map<String, Long> eventStats = new LinkedHashMap<>();

        Check add(String name) {
            Check c = new Check(name);
            checks.add(c);
            return c;
        }

        boolean pass() {
            return checks.stream().allMatch(c -> c.pass);
        }

        String markdown(List<Req> all, List<Tenant> tenants, long loadStart, long loadStop, long loadEnd, String recovery,
                        int duration, int threads) {
            StringBuilder md = new StringBuilder();
            md.append("# Fault scenario report\n\n");
            md.append("**Verdict: ").append(pass() ? "PASS" : "FAIL").append("**\n\n");
            md.append("- started ").append(Instant.ofEpochMilli(t0)).append(", seed ").append(seed)
                    .append(" (`SEED=").append(seed).append("` repeats the fault schedule), run id `").append(run).append("`\n");
            md.append("- gateways ").append(gateways).append(", ").append(threads).append(" client threads, ")
                    .append(tenants.size()).append(" tenants, planned load ").append(duration).append(" s\n");
            md.append(String.format(Locale.ROOT, "- load from t=%s s to t=%s s (%.0f s), last request done t=%s s; %s%n",
                    rel(loadStart), rel(loadStop), (loadStop - loadStart) / 1000.0, rel(loadEnd), recovery));
            if (!cfg("up-seconds", "").isEmpty()) {
                md.append("- `topology.sh up` took ").append(cfg("up-seconds", "")).append(" s before the driver started\n");
            }
            md.append(String.format(Locale.ROOT, "- the driver ran %.0f s in all (load, recovery, checks)%n", (now() - t0) / 1000.0));
            md.append("- times are seconds since the driver started\n\n");

            md.append("## Checks\n\n");
            List<Check> sorted = new ArrayList<>(checks);
            sorted.sort((a, b) -> a.name.compareTo(b.name));
            for (Check c : sorted) {
                md.append("### ").append(c.pass ? "PASS" : "FAIL").append(" — ").append(c.name).append("\n\n");
                for (String l : c.lines) {
                    md.append("- ").append(l).append('\n');
                }
                md.append('\n');
            }

            md.append("## Fault timeline\n\n");
            if (faults.isEmpty()) {
                md.append("No faults injected.\n\n");
            } else {
                md.append("| fault | target | kill -9 at | restart at | ready at | down (s) | notes |\n|---|---|---|---|---|---|---|\n");
                synchronized (faults) {
                    for (Fault f : faults) {
                        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", f.name, f.target,
                                rel(f.kill), rel(f.startBegin), rel(f.ready),
                                f.ready > 0 ? String.format(Locale.ROOT, "%.1f", (f.ready - f.kill) / 1000.0) : "-",
                                (f.startExit != 0 ? "start exit " + f.startExit + "; " : "") + f.note
                                        + (f.note.isEmpty() ? "" : "; ") + (f.takeoverMs != null ? "takeover " + f.takeoverMs + " ms of " + f.victimSegments + " segments" : "")));
                    }
                }
                md.append('\n');
            }

            md.append("## Throughput and latency (by phase, requests by start time; latency includes retries)\n\n");
            md.append("| phase | from | to | requests | req/s | 2xx | 4xx | failed | p50 ms | p95 ms | p99 ms | max ms |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            List<long[]> windows = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            long cursor = loadStart;
            synchronized (faults) {
                for (Fault f : faults) {
                    long end = f.ready > 0 ? f.ready : loadStop;
                    if (f.kill > cursor + 1000) {
                        windows.add(new long[]{cursor, f.kill});
                        labels.add("steady");
                    }
                    windows.add(new long[]{f.kill, end});
                    labels.add(f.target + " down/restarting");
                    cursor = Math.max(cursor, end);
                }
            }
            if (loadStop > cursor + 1000) {
                windows.add(new long[]{cursor, loadStop});
                labels.add("steady");
            }
            windows.add(new long[]{loadStart, loadStop + 1});
            labels.add("**whole load**");
            for (int i = 0; i < windows.size(); i++) {
                long a = windows.get(i)[0], b = windows.get(i)[1];
                List<Req> in = all.stream().filter(x -> x.start >= a && x.start < b).toList();
                long[] lat = in.stream().mapToLong(x -> x.end - x.start).sorted().toArray();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %d | %d | %d | %s | %s | %s | %s |%n",
                        labels.get(i), rel(a), rel(Math.min(b, loadStop)), in.size(), in.size() / Math.max(0.001, (b - a) / 1000.0),
                        in.stream().filter(x -> x.status >= 200 && x.status < 300).count(),
                        in.stream().filter(x -> x.status >= 400 && x.status < 500).count(),
                        in.stream().filter(x -> x.status < 0 || x.status >= 500).count(),
                        pct(lat, 50), pct(lat, 95), pct(lat, 99), lat.length == 0 ? "-" : String.valueOf(lat[lat.length - 1])));
            }
            md.append('\n');

            md.append("## Requests by operation (final status)\n\n| operation | count | statuses | retried |\n|---|---|---|---|\n");
            Map<String, List<Req>> byOp = new TreeMap<>(all.stream().collect(Collectors.groupingBy(x -> x.op)));
            byOp.forEach((op, list) -> md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d |%n", op, list.size(),
                    new TreeMap<>(list.stream().collect(Collectors.groupingBy(x -> x.appliedEarlier ? x.status + "→applied earlier" : String.valueOf(x.status), Collectors.counting()))),
                    list.stream().filter(x -> x.attempts.size() > 1).count())));
            md.append('\n');

            md.append("## Events in the log\n\n| payload type | events |\n|---|---|\n");
            eventStats.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            md.append('\n');
            return md.toString();
        }
    }

    static String pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return String.valueOf(sorted[Math.max(0, Math.min(sorted.length - 1, i))]);
    }

    /** aggregate id → (sequence number → payload type) */
    static Map<String, Map<Long, String>> loadLog(Connection db) throws Exception {
        Map<String, Map<Long, String>> log = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT aggregate_identifier, sequence_number, payload_type FROM domain_event_entry")) {
            while (rs.next()) {
                String p = rs.getString(3);
                log.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2), p.substring(p.lastIndexOf('.') + 1));
            }
        }
        return log;
    }

    /** 1. Every 2xx change is in the log: a create's id has its creation event (sequence 0), an answered version n is the
     * sequence number n of the aggregate's event (User/Group version = sequence number of its latest event, from -1 +1 per
     * event), a 204 DELETE has its deleted event. */
    static void checkLogged(Report r, Connection db, List<Req> all) throws Exception {
        Check c = r.add("1. every 2xx change is in the event log");
        Map<String, Map<Long, String>> log = loadLog(db);
        Map<String, int[]> byKind = new TreeMap<>(); // kind -> {checked, found}
        List<String> missing = new ArrayList<>();
        int noId = 0;
        for (Req q : all) {
            if (!q.write() || !q.ok()) {
                continue;
            }
            if (q.id == null) {
                noId++;
                missing.add(q.op + " " + q.path + " (" + q.status + "): no id in the answer");
                continue;
            }
            Map<Long, String> events = log.getOrDefault(q.id, Map.of());
            String kind;
            boolean found;
            if (q.method.equals("POST")) {
                kind = q.appliedEarlier ? "create (409 after retry: applied earlier)" : "create";
                found = events.containsKey(0L) && events.get(0L).endsWith("CreatedEvent")
                        && (q.version == null || events.containsKey(q.version));
            } else if (q.method.equals("DELETE")) {
                kind = q.appliedEarlier ? "delete (404 after retry: applied earlier)" : "delete";
                found = events.values().stream().anyMatch(t -> t.endsWith("DeletedEvent"));
            } else {
                kind = q.method.equals("PUT") ? "replace (PUT), version n = sequence n" : "patch, version n = sequence n";
                found = q.version != null && events.containsKey(q.version);
            }
            int[] k = byKind.computeIfAbsent(kind, x -> new int[2]);
            k[0]++;
            if (found) {
                k[1]++;
            } else if (missing.size() < 20) {
                missing.add(q.op + " " + q.path + " status " + q.status + " version " + q.version + ": log has sequences "
                        + new TreeMap<>(events).keySet());
            }
        }
        int checked = byKind.values().stream().mapToInt(x -> x[0]).sum();
        int found = byKind.values().stream().mapToInt(x -> x[1]).sum();
        byKind.forEach((k, v) -> c.line("%s: %d of %d found", k, v[1], v[0]));
        c.line("total: %d successful changes checked, %d found in domain_event_entry, %d missing%s", checked, found,
                checked - found, noId > 0 ? ", " + noId + " without an id" : "");
        missing.stream().limit(10).forEach(m -> c.line("missing: %s", m));
        c.line("creates answered 409 after a failed attempt whose resource no lookup by filter found (within 60 s): %d",
                unresolved.size());
        unresolved.stream().limit(5).forEach(q -> c.line("unresolved: t=%s %s %s attempts %s", rel(q.start), q.method, q.path,
                q.attempts));
        c.pass = checked > 0 && found == checked && noId == 0 && unresolved.isEmpty();
    }

    /** 2. Per aggregate, sequence numbers 0..max without holes (duplicates are excluded by the unique key). */
    static void checkContiguous(Report r, Connection db) throws Exception {
        Check c = r.add("2. every aggregate's sequence is contiguous (0..max, no holes)");
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*), count(*) FILTER (WHERE n <> mx + 1 OR mn <> 0), coalesce(sum(n), 0), coalesce(max(n), 0)
                     FROM (SELECT aggregate_identifier, count(*) n, min(sequence_number) mn, max(sequence_number) mx
                           FROM domain_event_entry GROUP BY aggregate_identifier) a""")) {
            rs.next();
            long aggregates = rs.getLong(1), broken = rs.getLong(2);
            c.line("%d aggregates, %d events, longest stream %d events; %d aggregates with holes or not starting at 0",
                    aggregates, rs.getLong(3), rs.getLong(4), broken);
            c.pass = aggregates > 0 && broken == 0;
        }
        if (!c.pass) {
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT aggregate_identifier, count(*), min(sequence_number), max(sequence_number)
                         FROM domain_event_entry GROUP BY aggregate_identifier
                         HAVING count(*) <> max(sequence_number) + 1 OR min(sequence_number) <> 0 LIMIT 10""")) {
                while (rs.next()) {
                    c.line("broken: %s has %d events, sequences %d..%d", rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        }
    }

    /** 3. Each projection rebuilt from the log beside the live one, through the admin API; the result must be equal. */
    static void checkRebuilds(Report r) {
        Check c = r.add("3. projections rebuilt from scratch equal the live ones (admin rebuild API)");
        boolean allEqual = true;
        for (String projection : List.of("scim-read-model", "audit-trail")) {
            String outcome = rebuild(projection, c);
            allEqual &= outcome.equals("equal");
        }
        c.pass = allEqual;
    }

    static String rebuild(String projection, Check c) {
        for (int round = 1; round <= 2; round++) {
            String via = null, location = null;
            List<String> failures = new ArrayList<>();
            for (String g : gateways) {
                try {
                    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(g + "/admin/projections/" + projection + "/rebuilds"))
                            .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 202) {
                        via = g;
                        location = resp.headers().firstValue("Location").orElse(null);
                        break;
                    }
                    failures.add(g + " answered " + resp.statusCode() + ": " + abbreviate(resp.body(), 300));
                } catch (Exception e) {
                    failures.add(g + ": " + e);
                }
            }
            if (via == null || location == null) {
                c.line("%s: rebuild could not be started: %s", projection, String.join(" | ", failures));
                return "unavailable";
            }
            URI uri = URI.create(via).resolve(location);
            long deadline = now() + 240_000;
            JsonNode status = null;
            while (now() < deadline) {
                try {
                    Thread.sleep(2000);
                    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken)
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() != 200) {
                        c.line("%s: GET %s answered %d: %s", projection, uri, resp.statusCode(), abbreviate(resp.body(), 300));
                        continue;
                    }
                    status = JSON.readTree(resp.body());
                    if (!status.path("status").asText().equals("running")) {
                        break;
                    }
                } catch (Exception e) {
                    c.line("%s: polling %s failed: %s", projection, uri, e);
                }
            }
            if (status == null) {
                c.line("%s: no status from %s", projection, uri);
                return "unavailable";
            }
            String verdict = status.path("verdict").asText(status.path("status").asText());
            c.line("%s (round %d, via %s): status %s, verdict %s, equal %s, %d events replayed, %d rows compared in %s rounds, "
                            + "%s differences%s%s", projection, round, via, status.path("status").asText(), verdict,
                    status.path("equal").asText(), status.path("eventsApplied").asLong(), status.path("rowsCompared").asLong(),
                    status.path("compareRounds").asText(), status.path("differenceCount").asText("0"),
                    status.path("differences").isArray() && status.path("differences").size() > 0
                            ? ": " + abbreviate(status.path("differences").toString(), 600) : "",
                    status.path("error").isTextual() ? ", error " + status.path("error").asText() : "");
            if (verdict.equals("equal") && status.path("equal").asBoolean()) {
                return "equal";
            }
            if (!verdict.equals("inconclusive")) {
                return verdict;
            }
        }
        return "inconclusive";
    }

    static String abbreviate(String s, int n) {
        s = s == null ? "" : s.replace('\n', ' ');
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    /** 4. Every event of the log is on scim.events (CloudEvents binary mode: header ce_id = event_identifier). */
    static void checkKafka(Report r, Connection db) throws Exception {
        Check c = r.add("4. every event is on Kafka (scim.events) at least once");
        Map<String, String> logIds = new HashMap<>(); // event id -> payload type
        Map<String, Integer> seen = new HashMap<>();
        long records = 0, withoutId = 0;
        long start = now();
        long deadline = start + 150_000;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-scenario-check");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        long missing = -1;
        long lastNew = now();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> parts = consumer.partitionsFor("scim.events", Duration.ofSeconds(60));
            List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long lastCompare = 0;
            while (now() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    records++;
                    Header h = rec.headers().lastHeader("ce_id");
                    if (h == null) {
                        withoutId++;
                    } else {
                        seen.merge(new String(h.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                    }
                }
                if (!batch.isEmpty()) {
                    lastNew = now();
                }
                if (now() - lastCompare > 3000) {
                    lastCompare = now();
                    logIds = eventIds(db);
                    Set<String> seenIds = seen.keySet();
                    missing = logIds.keySet().stream().filter(id -> !seenIds.contains(id)).count();
                    Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
                    boolean atEnd = tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
                    if (missing == 0 && atEnd && now() - lastNew > 5000) {
                        break;
                    }
                }
            }
            c.line("%d partitions read from the beginning until quiet for 5 s (%.0f s, %s)", tps.size(),
                    (now() - start) / 1000.0, missing == 0 ? "converged" : "gave up after 150 s");
        }
        Map<String, String> ids = logIds;
        long repeats = seen.values().stream().filter(n -> n > 1).count();
        long extra = seen.values().stream().mapToLong(n -> n - 1).sum();
        long unknown = seen.keySet().stream().filter(id -> !ids.containsKey(id)).count();
        Map<String, Long> missingByType = new TreeMap<>(ids.entrySet().stream().filter(e -> !seen.containsKey(e.getKey()))
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting())));
        c.line("%d events in domain_event_entry, %d records on scim.events (%d without ce_id), %d distinct ce_id",
                ids.size(), records, withoutId, seen.size());
        c.line("missing from Kafka: %d %s", missing, missingByType.isEmpty() ? "" : missingByType);
        c.line("repeats (at-least-once duplicates): %d events published more than once, %d extra records", repeats, extra);
        if (unknown > 0) {
            c.line("%d ce_id values not in the log (earlier runs in a reused run dir?)", unknown);
        }
        c.pass = missing == 0 && !ids.isEmpty();
    }

    static Map<String, String> eventIds(Connection db) throws Exception {
        Map<String, String> ids = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_identifier, payload_type FROM domain_event_entry")) {
            while (rs.next()) {
                String p = rs.getString(2);
                ids.put(rs.getString(1), p.substring(p.lastIndexOf('.') + 1));
            }
        }
        return ids;
    }

    /** 5. A killed worker's segments are owned by a live node within the claim timeout plus a few seconds. */
    static void checkTakeover(Report r, List<String> faultNames) {
        Check c = r.add("5. a killed worker's segments are taken over within " + TAKEOVER_LIMIT_MS / 1000 + " s");
        List<Fault> workerFaults;
        synchronized (faults) {
            workerFaults = faults.stream().filter(f -> f.name.equals("worker1")).toList();
        }
        if (workerFaults.isEmpty()) {
            c.line("no worker was killed (faults: %s): not measured", faultNames.isEmpty() ? "none" : faultNames);
            c.pass = !faultNames.contains("worker1");
            return;
        }
        boolean ok = true;
        for (Fault f : workerFaults) {
            c.line("%s killed at t=%s s owning %d of the %d segments; %s%s", f.target, rel(f.kill), f.victimSegments, f.segments,
                    f.takeoverMs == null ? "NOT taken over" : "every segment owned by the live worker after " + f.takeoverMs + " ms",
                    f.note.isEmpty() ? "" : " (" + f.note + ")");
            c.line("%s", abbreviate(f.takeoverDetail, 500));
            ok &= f.takeoverMs != null && f.takeoverMs <= TAKEOVER_LIMIT_MS && f.victimSegments > 0;
        }
        c.pass = ok;
    }

    /** 6. No 5xx outside the database's outage; connection errors only at a killed gateway; every failure retried to success. */
    static void checkErrors(Report r, List<Req> all) {
        Check c = r.add("6. no 5xx outside the database outage (+" + DB_GRACE_MS / 1000 + " s); every failed attempt retried to an answer");
        List<long[]> dbWindows = new ArrayList<>();
        Map<String, List<long[]>> gatewayDown = new HashMap<>();
        synchronized (faults) {
            for (Fault f : faults) {
                long end = f.ready > 0 ? f.ready : Long.MAX_VALUE / 2;
                if (f.target != null && f.target.equals("postgres")) {
                    dbWindows.add(new long[]{f.kill, end + DB_GRACE_MS});
                }
                if (f.target != null && f.target.startsWith("gateway")) {
                    String url = gateways.get(Integer.parseInt(f.target.substring(7)) - 1);
                    gatewayDown.computeIfAbsent(url, k -> new ArrayList<>()).add(new long[]{f.kill, end});
                }
            }
        }
        long inDb5xx = 0, inDbConn = 0, gwDownConn = 0, bad = 0, attempts = 0, failedAttempts = 0;
        Map<String, Long> badKinds = new TreeMap<>();
        List<String> badList = new ArrayList<>();
        for (Req q : all) {
            for (Attempt a : q.attempts) {
                attempts++;
                if (!a.failed()) {
                    continue;
                }
                failedAttempts++;
                boolean inDb = dbWindows.stream().anyMatch(w -> a.start <= w[1] && a.end >= w[0]);
                boolean gwDown = gatewayDown.getOrDefault(a.gateway, List.of()).stream().anyMatch(w -> a.start <= w[1] && a.end >= w[0]);
                if (a.error != null && gwDown) {
                    gwDownConn++;
                } else if (inDb) {
                    if (a.error != null) {
                        inDbConn++;
                    } else {
                        inDb5xx++;
                    }
                } else {
                    bad++;
                    String kind = a.error != null ? a.error.replaceAll("[0-9a-f-]{36}", "…") : "HTTP " + a.status;
                    badKinds.merge(kind, 1L, Long::sum);
                    if (badList.size() < 15) {
                        badList.add(String.format(Locale.ROOT, "t=%s..%s %s %s %s → %s", rel(a.start), rel(a.end), a.gateway,
                                q.method, q.path, a.error != null ? a.error : a.status + " " + abbreviate(q.attempts.get(q.attempts.size() - 1) == a ? q.body : "", 200)));
                    }
                }
            }
        }
        List<Req> failedThenWhat = all.stream().filter(q -> q.attempts.stream().anyMatch(Attempt::failed)).toList();
        long recovered = failedThenWhat.stream().filter(q -> q.status >= 0 && q.status < 500).count();
        List<Req> unrecovered = failedThenWhat.stream().filter(q -> q.status < 0 || q.status >= 500).toList();
        c.line("%d attempts for %d requests; %d failed attempts (5xx or no answer)", attempts, all.size(), failedAttempts);
        c.line("expected: %d connection errors/timeouts at a killed gateway (retried on the other one); during the database outage "
                + "(+%d s): %d 5xx, %d connection errors/timeouts", gwDownConn, DB_GRACE_MS / 1000, inDb5xx, inDbConn);
        c.line("**outside those windows: %d** %s", bad, badKinds.isEmpty() ? "" : badKinds);
        badList.forEach(b -> c.line("outside: %s", b));
        c.line("%d requests had a failed attempt: %d answered (<500) on retry, %d never did within %d s", failedThenWhat.size(),
                recovered, unrecovered.size(), RETRY_BUDGET_MS / 1000);
        unrecovered.stream().limit(10).forEach(q -> c.line("never answered: t=%s %s %s, %d attempts, last %s", rel(q.start), q.method,
                q.path, q.attempts.size(), q.attempts.get(q.attempts.size() - 1)));
        c.pass = bad == 0 && unrecovered.isEmpty();
    }

    static Map<String, Long> eventStats(Connection db) throws Exception {
        Map<String, Long> stats = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload_type, count(*) FROM domain_event_entry GROUP BY 1 ORDER BY 2 DESC")) {
            long total = 0;
            while (rs.next()) {
                String p = rs.getString(1);
                stats.put(p.substring(p.lastIndexOf('.') + 1), rs.getLong(2));
                total += rs.getLong(2);
            }
            stats.put("**total**", total);
        }
        return stats;
    }

    static void writeRequestLog(List<Req> all) {
        Path file = runDir.resolve("fault-scenario-requests.tsv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("start_s\tend_s\top\tmethod\tpath\tstatus\tid\tversion\tapplied_earlier\tattempts(gateway status/error @start)");
            for (Req q : all) {
                w.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s%n", rel(q.start), rel(q.end), q.op, q.method, q.path,
                        q.status, q.id, q.version, q.appliedEarlier, q.attempts.stream()
                                .map(a -> a.gateway.replace("http://127.0.0.1:", ":") + " " + (a.error != null ? a.error : a.status) + " @" + rel(a.start))
                                .collect(Collectors.joining("; ")));
            }
        } catch (IOException e) {
            log("cannot write %s: %s", file, e);
        }
    }
}
