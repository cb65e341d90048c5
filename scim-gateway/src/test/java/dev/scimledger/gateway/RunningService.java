package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, started once for all HTTP tests: embedded PostgreSQL and Kafka broker (data under
 * target/it-data), the gateway on a random port, and a plain HTTP client talking to it as a SCIM client would.
 * Metrics are exported as in production (a Spring Boot test turns the export off unless told otherwise), so that the
 * Prometheus scrape is there to test.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = ScimGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scim.data-dir=target/it-data",
        "scim.embedded.postgres.port=0",
        "scim.embedded.kafka.port=0",
        "scim.admin-token=" + RunningService.ADMIN_TOKEN,
        "scim.console.initial-admin-password=" + RunningService.CONSOLE_ADMIN_PASSWORD,
        "scim.metrics.token=" + RunningService.METRICS_TOKEN,
        // every test sends from 127.0.0.1, some with unknown tokens; UnknownTokenProbeTest counts to this many
        "scim.rate-limit.unknown-tokens-per-minute=" + RunningService.UNKNOWN_TOKENS_PER_MINUTE})
public abstract class RunningService {

    public static final String ADMIN_TOKEN = "test-admin-token";
    /** The console's first account, {@code admin}, is made with this password on the test database's first start. */
    public static final String CONSOLE_ADMIN_PASSWORD = "test-console-admin-password";
    /** The credential that reads the Prometheus scrape and nothing else. */
    public static final String METRICS_TOKEN = "test-metrics-token";
    public static final int UNKNOWN_TOKENS_PER_MINUTE = 300;
    public static final String BASE = "/api/service/scim";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    public record Response(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text(String pointer) {
            return body.at(pointer).asText();
        }
    }

    /** {@code headers} are name, value pairs. */
    protected Response call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : parsed(response.body());
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as JSON, or as one text node when it is not JSON (a PEM key, CSV). */
    private static JsonNode parsed(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    protected Response scim(String method, String path, String token, String body) {
        return call(method, BASE + path, token, body);
    }

    /** A new tenant with a new SCIM token; returns the token. */
    protected String newTenantToken() {
        return newTenant().token();
    }

    protected record TenantAccess(String tenantId, String token) {
    }

    protected TenantAccess newTenant() {
        Response tenant = call("POST", "/admin/tenants", ADMIN_TOKEN,
                "{\"name\":\"tenant-" + UUID.randomUUID() + "\"}");
        if (tenant.status() != 201) {
            throw new IllegalStateException("tenant not created: " + tenant.status() + " " + tenant.body());
        }
        String tenantId = tenant.text("/id");
        Response token = call("POST", "/admin/tenants/" + tenantId + "/tokens", ADMIN_TOKEN, null);
        if (token.status() != 201) {
            throw new IllegalStateException("token not issued: " + token.status() + " " + token.body());
        }
        return new TenantAccess(tenantId, token.text("/token"));
    }

    /** The body Entra's provisioning service sends to create a user under its default mapping. */
    protected static String entraUser(String userName, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%2$s","userName":"%1$s","active":true,"displayName":"Test User",
                 "emails":[{"primary":true,"type":"work","value":"%1$s"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"Test User","familyName":"User","givenName":"Test"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering"}}
                """.formatted(userName, externalId);
    }

    protected static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }

    /** The embedded PostgreSQL superuser's password (every role authenticates with SCRAM). */
    protected static String superuserPassword() {
        return dev.scimledger.infra.EmbeddedPostgresServer.storedPassword(java.nio.file.Path.of("target/it-data/postgres"),
                "postgres");
    }

    /** Starts a rebuild of {@code projection} for one tenant and waits (up to 120 s) for its end: its last status. */
    protected JsonNode rebuilt(String projection, String tenantId) throws InterruptedException {
        Response started = call("POST", "/admin/projections/" + projection + "/rebuilds?tenantId=" + tenantId,
                ADMIN_TOKEN, null);
        if (started.status() != 202) {
            throw new AssertionError("rebuild not started: " + started.status() + " " + started.raw().body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode status = call("GET", started.header("Location"), ADMIN_TOKEN, null).body();
        while ("running".equals(status.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = call("GET", started.header("Location"), ADMIN_TOKEN, null).body();
        }
        return status;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
