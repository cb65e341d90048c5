package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles by configuration, as separate processes of the packaged jar on one PostgreSQL and one Kafka broker: a
 * gateway ({@code SCIM_ROLE=gateway}, here also hosting the embedded PostgreSQL and broker) writes the SCIM read model
 * in each command's transaction, so its writes read back at once, but runs no tracking processor: the audit trail has
 * a write only once a worker ({@code SCIM_ROLE=worker}, pointed at the same database and broker) has applied it; the
 * worker listens on no port but its management port (probes, Prometheus; readiness down while PostgreSQL does not
 * answer). A second gateway then reads each write the first answered right
 * after its 2xx; a token revoked on the first is refused there from the next request, and on the second within a
 * second (tokens are cached for half a second).
 */
class ServiceRolesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "roles-test-admin-token";
    private static final String METRICS = "roles-test-metrics-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dataDir;
    private static int httpPort;
    private static int kafkaPort;
    private static int postgresPort;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws Exception {
        dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "roles-data");
        httpPort = freePort();
        kafkaPort = freePort();
        postgresPort = freePort();
        processes.add(launch("gateway", Map.of(
                "SERVER_PORT", String.valueOf(httpPort),
                "SCIM_DATA_DIR", dataDir.toString(),
                "SCIM_KAFKA_PORT", String.valueOf(kafkaPort),
                "SCIM_POSTGRES_PORT", String.valueOf(postgresPort)), "SCIM base URL: http://127.0.0.1:" + httpPort));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aGatewayReadsItsWritesAtOnceAndAWorkerKeepsTheOtherProjections() throws Exception {
        JsonNode tenant = send("POST", "/admin/tenants", ADMIN, "{\"name\":\"roles-" + UUID.randomUUID() + "\"}");
        String tenantId = tenant.get("id").asText();
        String token = send("POST", "/admin/tenants/" + tenantId + "/tokens", ADMIN, null).get("token").asText();
        String userName = "roles-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode created = send("POST", "/api/service/scim/Users", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}"""
                .formatted(userName));
        String userId = created.get("id").asText();
        assertThat(created.get("userName").asText()).as("the write is decided on the gateway").isEqualTo(userName);

        // the gateway alone: its tracking processors do not exist, so nothing ever took a position in the log; the
        // read model, written inline, has the user already, the audit trail (a worker's) not yet
        assertThat(processorOwners()).as("tracking processors while only the gateway runs").isEmpty();
        assertThat(status("GET", "/api/service/scim/Users/" + userId, token)).as("read back at once").isEqualTo(200);
        String audit = "/admin/tenants/" + tenantId + "/audit?resourceId=" + userId;
        assertThat(send("GET", audit, ADMIN, null).get("events")).as("not in the audit trail yet").isEmpty();

        int managementPort = freePort();
        processes.add(launch("worker", onTheGatewaysInfrastructure("worker", Map.of(
                "SCIM_MANAGEMENT_PORT", String.valueOf(managementPort), "SCIM_METRICS_TOKEN", METRICS)),
                "SCIM Ledger worker running"));

        Instant deadline = Instant.now().plusSeconds(120);
        while (send("GET", audit, ADMIN, null).get("events").isEmpty()) {
            assertThat(Instant.now()).as("the worker records the gateway's write in the audit trail").isBefore(deadline);
            Thread.sleep(250);
        }
        List<String> owners = processorOwners();
        assertThat(owners).as("every processor's segments are claimed by the worker").isNotEmpty()
                .allSatisfy(owner -> assertThat(owner).doesNotStartWith(processes.get(0).pid() + "@"))
                .anySatisfy(owner -> assertThat(owner).startsWith(processes.get(1).pid() + "@"));
        // a write after the worker started is read back at once, as before it
        JsonNode patched = send("PATCH", "/api/service/scim/Users/" + userId, token, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Read Back"}]}""");
        assertThat(patched.get("displayName").asText()).isEqualTo("Read Back");
        assertThat(send("GET", "/api/service/scim/Users?filter=" + java.net.URLEncoder.encode(
                "displayName eq \"Read Back\"", java.nio.charset.StandardCharsets.UTF_8), token, null)
                .get("totalResults").asInt()).isEqualTo(1);

        // a second gateway on the same database and broker: a write answered by one is read back on the other at
        // once, and a token revoked on one is refused by the other within a second
        int secondPort = freePort();
        processes.add(launch("gateway", onTheGatewaysInfrastructure("gateway2",
                Map.of("SERVER_PORT", String.valueOf(secondPort))), "SCIM base URL: http://127.0.0.1:" + secondPort, "gateway2"));
        for (int i = 0; i < 5; i++) {
            String name = "Written On One " + i;
            send("PATCH", "/api/service/scim/Users/" + userId, token, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations":[{"op":"replace","path":"displayName","value":"%s"}]}""".formatted(name));
            HttpResponse<String> readOnTwo = request(secondPort, "GET", "/api/service/scim/Users/" + userId, token, null);
            assertThat(readOnTwo.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readOnTwo.body()).get("displayName").asText())
                    .as("read on the other gateway right after the 2xx").isEqualTo(name);
        }
        String tokenId = send("GET", "/admin/tenants/" + tenantId + "/tokens", ADMIN, null).at("/tokens/0/id").asText();
        assertThat(request(secondPort, "GET", "/api/service/scim/Users/" + userId, token, null).statusCode()).isEqualTo(200);
        assertThat(status("DELETE", "/admin/tenants/" + tenantId + "/tokens/" + tokenId, ADMIN)).isBetween(200, 299);
        assertThat(request(httpPort, "GET", "/api/service/scim/Users/" + userId, token, null).statusCode())
                .as("the revoked token on the gateway that revoked it, at once").isEqualTo(401);
        // the other gateway has the token cached (it was used there just now): refused within a second
        long revoked = System.nanoTime();
        int onTwo;
        do {
            onTwo = request(secondPort, "GET", "/api/service/scim/Users/" + userId, token, null).statusCode();
        } while (onTwo != 401 && System.nanoTime() - revoked < 1_500_000_000L);
        long refusedAfterMillis = (System.nanoTime() - revoked) / 1_000_000;
        assertThat(onTwo).as("the revoked token on the other gateway").isEqualTo(401);
        assertThat(refusedAfterMillis).as("refused by the other gateway within a second of the revocation")
                .isLessThanOrEqualTo(1000);

        // the worker's management port: probes without a credential, Prometheus with the metrics one, never the
        // admin token; readiness down within 10 s of PostgreSQL stopping to answer, and up again once it does
        assertThat(management(managementPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(management(managementPort, "/actuator/health/readiness", null).body()).contains("\"UP\"");
        HttpResponse<String> scraped = management(managementPort, "/actuator/prometheus", METRICS);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("scim_projection_quarantined_events");
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/readiness")) {
            assertThat(management(managementPort, path, ADMIN).statusCode()).as("the admin token at " + path)
                    .isEqualTo(401);
        }
        assertThat(management(managementPort, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        List<ProcessHandle> postgres = postgresProcesses();
        signal("STOP", postgres);
        try {
            long stopped = System.nanoTime();
            int readiness;
            do {
                readiness = management(managementPort, "/actuator/health/readiness", null).statusCode();
            } while (readiness == 200 && System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(15));
            assertThat(readiness).as("readiness while PostgreSQL does not answer").isEqualTo(503);
            Duration down = Duration.ofNanos(System.nanoTime() - stopped);
            System.out.println("worker readiness down " + down.toMillis() + " ms after PostgreSQL stopped answering");
            assertThat(down).as("readiness down within 10 s").isLessThanOrEqualTo(Duration.ofSeconds(10));
        } finally {
            signal("CONT", postgres);
        }
        long resumed = System.nanoTime();
        int readiness;
        do {
            Thread.sleep(250);
            readiness = management(managementPort, "/actuator/health/readiness", null).statusCode();
        } while (readiness != 200 && System.nanoTime() - resumed < TimeUnit.SECONDS.toNanos(60));
        assertThat(readiness).as("readiness once PostgreSQL answers again").isEqualTo(200);
        System.out.println("worker readiness up " + Duration.ofNanos(System.nanoTime() - resumed).toMillis()
                + " ms after PostgreSQL answered again");
    }

    private static HttpResponse<String> management(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The embedded PostgreSQL's postmaster (its pid is the first line of postmaster.pid) and its backends. */
    private static List<ProcessHandle> postgresProcesses() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0)
                .strip());
        ProcessHandle main = ProcessHandle.of(postmaster).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(List.of(main));
        main.descendants().forEach(all::add);
        return all;
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    /**
     * The environment of another node on the first gateway's embedded PostgreSQL and broker: its own data directory,
     * the application role (migrations as the owner), and the operator's keys, the same files on every node.
     */
    private static Map<String, String> onTheGatewaysInfrastructure(String node, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SCIM_DATA_DIR", dataDir.resolveSibling(dataDir.getFileName() + "-" + node).toString(),
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "SPRING_DATASOURCE_USERNAME", "scim_app",
                "SPRING_DATASOURCE_PASSWORD", password("scim_app"),
                "SPRING_FLYWAY_USER", "postgres",
                "SPRING_FLYWAY_PASSWORD", password("postgres"),
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                "SCIM_CHAIN_SIGNING_KEY_FILE", dataDir.resolve("chain-signing-key.pem").toString(),
                "SCIM_LOG_MAC_KEY_FILE", dataDir.resolve("event-mac.key").toString()));
        environment.putAll(more);
        return environment;
    }

    /** A role's password on the first gateway's embedded PostgreSQL, kept beside its cluster. */
    private static String password(String role) {
        return dev.scimledger.infra.EmbeddedPostgresServer.storedPassword(dataDir.resolve("postgres"), role);
    }

    private static List<String> processorOwners() throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "postgres", password("postgres")); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT owner FROM token_entry WHERE owner IS NOT NULL")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    private static Process launch(String role, Map<String, String> environment, String ready) throws Exception {
        return launch(role, environment, ready, role);
    }

    private static Process launch(String role, Map<String, String> environment, String ready, String name)
            throws Exception {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
        Path jar = Path.of("target", "scim-gateway.jar").toAbsolutePath();
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        builder.environment().putAll(environment);
        builder.environment().put("SCIM_ROLE", role);
        builder.environment().put("SCIM_ADMIN_TOKEN", ADMIN);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(role + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains(ready)) {
                return process;
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError(role + " did not start in time:\n" + Files.readString(log));
    }

    private static JsonNode send(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = request(method, path, token, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static int status(String method, String path, String token) throws Exception {
        return request(method, path, token, null).statusCode();
    }

    private static HttpResponse<String> request(String method, String path, String token, String body) throws Exception {
        return request(httpPort, method, path, token, body);
    }

    private static HttpResponse<String> request(int port, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.startsWith("/admin") ? "application/json" : "application/scim+json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
