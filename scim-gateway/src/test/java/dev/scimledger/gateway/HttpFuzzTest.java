package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.provisioninglog.ProvisioningLogWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests at the HTTP edge, for a bounded time: paths (with escapes, parameters, other cases), methods,
 * query parameters (filters built from SCIM's grammar and then mangled), headers (If-Match, Content-Type) and bodies
 * (users, groups, PATCH and Bulk documents with fields dropped, retyped, nested, oversized, cut short, with NUL and
 * bytes that are no UTF-8). Whatever comes, the answer is never a 5xx, a refused request writes nothing to the log,
 * and the projections go on: a user created after the storm is in the audit trail.
 *
 * <p>The seed is printed and taken from {@code -Dfuzz.seed}; {@code -Dfuzz.requests} sets how many (default 1,500).
 */
class HttpFuzzTest extends RunningService {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    private static final String[] ATTRIBUTES = {"userName", "displayName", "externalId", "emails", "emails.value",
            "emails[type eq \"work\"].value", "name.givenName", "active", "members", "members.value", "groups", "meta.created",
            "meta.lastModified", "id", "title", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "roles[primary eq \"True\"].value",
            "addresses[type eq \"work\"].streetAddress", "phoneNumbers", "x509Certificates", "nickName", ""};
    private static final String[] OPERATORS = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "Eq", "xx"};
    private static final String[] VALUES = {"\"x\"", "\"\"", "true", "false", "null", "1", "-1.5e308", "1e999",
            "\"2026-01-01T00:00:00Z\"", "\"\\u0000\"", "\"" + "a".repeat(5000) + "\"", "\"\\\"\"", "[1]", "{}", "\"é\""};

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProvisioningLogWriter provisioningLog;

    @Test
    void noRequestGetsA5xxWritesWhenRefusedOrStallsAProjection() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int requests = Integer.getInteger("fuzz.requests", 1500);
        System.out.println("HttpFuzzTest seed " + seed + " (-Dfuzz.seed=" + seed + " repeats it), " + requests + " requests");
        Random random = new Random(seed);
        TenantAccess tenant = newTenant();
        List<String> ids = new ArrayList<>();
        ids.add(scim("POST", "/Users", tenant.token(), entraUser(unique("fuzz"), "fz")).text("/id"));
        ids.add(scim("POST", "/Groups", tenant.token(), "{\"displayName\":\"" + unique("fuzzgroup") + "\"}").text("/id"));

        List<String> failures = new ArrayList<>();
        for (int n = 0; n < requests && failures.size() < 10; n++) {
            String method = pick(random, METHODS);
            String path = path(random, ids);
            byte[] body = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || random.nextInt(10) == 0
                    ? null : body(random, ids);
            long logBefore = logHead();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (random.nextInt(20) != 0) {
                request.header("Authorization", "Bearer " + (random.nextInt(30) == 0 ? tenant.token() + "x" : tenant.token()));
            }
            request.header("Content-Type", pick(random, new String[]{"application/scim+json", "application/json",
                    "text/plain", "application/scim+json; charset=latin1", "multipart/form-data; boundary=x"}));
            if (random.nextInt(4) == 0) {
                request.header("If-Match", pick(random, new String[]{"W/\"0\"", "W/\"x\"", "*", "\"1\"", "W/\"99999999999999999999\""}));
            }
            if (random.nextInt(6) == 0) {
                request.header("User-Agent", "fuzz " + ascii(random, 300));
            }
            HttpResponse<String> response;
            try {
                response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                failures.add(method + " " + path + " -> " + e);
                continue;
            }
            String shown = method + " " + path + (body == null ? "" : " " + preview(body)) + " -> " + response.statusCode()
                    + " " + preview(response.body().getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() >= 500) {
                failures.add(shown);
            } else if (response.statusCode() >= 400 && logHead() != logBefore) {
                failures.add("a refused request wrote to the log: " + shown);
            }
        }
        assertThat(failures).as("seed " + seed).isEmpty();

        String after = scim("POST", "/Users", tenant.token(), entraUser(unique("after-fuzz"), "af")).text("/id");
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode trail = null;
        while (Instant.now().isBefore(deadline)) {
            trail = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?resourceId=" + after, ADMIN_TOKEN, null)
                    .body().get("events");
            if (trail.size() == 1) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(trail).as("the audit trail goes on after the storm (seed " + seed + ")").hasSize(1);
        // and the provisioning log: the create after the storm is written (a NUL in a path once stopped its writer)
        provisioningLog.flush();
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/provisioning-log?resourceId=" + after,
                ADMIN_TOKEN, null).body().get("requests")).as("the provisioning log goes on (seed " + seed + ")")
                .hasSize(1);
    }

    private long logHead() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private static String path(Random random, List<String> ids) {
        String[] roots = {"/Users", "/Groups", "/Bulk", "/Users/.search", "/.search", "/Schemas", "/ResourceTypes",
                "/ServiceProviderConfig", "/Me", "/users", "/GROUPS", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
                "/ResourceTypes/User", "/Users/accounts"};
        StringBuilder path = new StringBuilder(BASE).append(pick(random, roots));
        switch (random.nextInt(8)) {
            case 0, 1 -> path.append('/').append(ids.get(random.nextInt(ids.size())));
            case 2 -> path.append('/').append(encode(garbage(random, 40)));
            case 3 -> path.append(";x=").append(random.nextInt(9));
            case 4 -> path.append("/%").append(String.format("%02X", random.nextInt(256)));
            default -> {
            }
        }
        if (random.nextBoolean()) {
            List<String> query = new ArrayList<>();
            if (random.nextBoolean()) {
                query.add("filter=" + encode(filter(random, 0)));
            }
            if (random.nextInt(3) == 0) {
                query.add("count=" + pick(random, new String[]{"0", "-1", "10", "99999999999", "x", ""}));
            }
            if (random.nextInt(3) == 0) {
                query.add("startIndex=" + pick(random, new String[]{"0", "1", "-5", "2147483648", "x"}));
            }
            if (random.nextInt(4) == 0) {
                query.add("sortBy=" + encode(pick(random, ATTRIBUTES)) + "&sortOrder="
                        + pick(random, new String[]{"ascending", "descending", "sideways"}));
            }
            if (random.nextInt(4) == 0) {
                query.add((random.nextBoolean() ? "attributes=" : "excludedAttributes=") + encode(pick(random, ATTRIBUTES)));
            }
            if (random.nextInt(6) == 0) {
                query.add("cursor" + (random.nextBoolean() ? "" : "=" + encode(garbage(random, 60))));
            }
            path.append('?').append(String.join("&", query));
        }
        return path.toString();
    }

    private static String filter(Random random, int depth) {
        int shape = depth > 3 ? 0 : random.nextInt(7);
        String filter = switch (shape) {
            case 0, 1, 2 -> pick(random, ATTRIBUTES) + " " + pick(random, OPERATORS)
                    + (random.nextInt(8) == 0 ? "" : " " + pick(random, VALUES));
            case 3 -> filter(random, depth + 1) + pick(random, new String[]{" and ", " or ", " AND ", " nor "})
                    + filter(random, depth + 1);
            case 4 -> "not (" + filter(random, depth + 1) + ")";
            case 5 -> "emails[" + filter(random, depth + 1) + "]";
            default -> "(" + filter(random, depth + 1) + (random.nextBoolean() ? ")" : "");
        };
        return random.nextInt(10) == 0 ? mangle(random, filter) : filter;
    }

    private static byte[] body(Random random, List<String> ids) {
        String id = ids.get(random.nextInt(ids.size()));
        String[] documents = {
                entraUser(unique("f"), "e" + random.nextInt(1000)),
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g" + random.nextInt()
                        + "\",\"members\":[{\"value\":\"" + id + "\"},{\"value\":\"" + garbage(random, 10) + "\"}]}",
                patch("[{\"op\":\"" + pick(random, new String[]{"add", "replace", "remove", "Add", "move", ""})
                        + "\",\"path\":\"" + pick(random, ATTRIBUTES).replace("\"", "\\\"") + "\",\"value\":"
                        + pick(random, VALUES) + "}]"),
                patch("[{\"op\":\"add\",\"value\":{\"emails\":[" + "{\"value\":\"a@b.c\"},".repeat(random.nextInt(50))
                        + "{\"value\":\"z@b.c\"}]}}]"),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[{\"method\":\""
                        + pick(random, METHODS) + "\",\"path\":\"/Users/" + id + "\",\"bulkId\":\"b\",\"data\":"
                        + pick(random, VALUES) + "}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":"
                        + pick(random, VALUES) + ",\"count\":" + pick(random, VALUES) + "}",
                "[".repeat(random.nextInt(3000)),
                "{\"userName\":" + pick(random, VALUES) + ",\"active\":" + pick(random, VALUES) + "}",
                "",
        };
        String document = pick(random, documents);
        if (random.nextInt(3) == 0) {
            document = mangle(random, document);
        }
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(12) == 0 && bytes.length > 2) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x40)); // no longer UTF-8
        }
        return bytes;
    }

    /** Cuts, repeats, swaps or inserts characters, so that the text is near valid but not quite. */
    private static String mangle(Random random, String text) {
        if (text.isEmpty()) {
            return garbage(random, 20);
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = 0, edits = 1 + random.nextInt(4); i < edits && !out.isEmpty(); i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(5)) {
                case 0 -> out.setLength(at);
                case 1 -> out.insert(at, pick(random, new String[]{"\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000",
                        "\uD800", "null", "1e309", "'"}));
                case 2 -> out.deleteCharAt(at);
                case 3 -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(40))));
                default -> out.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return out.toString();
    }

    private static String garbage(Random random, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(max + 1); i < n; i++) {
            text.append((char) (random.nextInt(4) == 0 ? random.nextInt(0xD7FF) : 0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    /** What an HTTP/1.1 header may carry: visible ASCII and spaces. */
    private static String ascii(Random random, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(max + 1); i < n; i++) {
            text.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return text.toString().strip();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
        return text.replace('\n', ' ');
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
