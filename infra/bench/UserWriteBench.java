import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures SCIM user writes and reads against a running service, as Entra would drive it: concurrent creates, then
 * a PATCH (disable) of each, then a filter by userName of each. Prints throughput and latency percentiles.
 *
 *   java infra/bench/UserWriteBench.java BASE_URL TOKEN [USERS=500] [CONCURRENCY=8]
 *   e.g. java infra/bench/UserWriteBench.java http://127.0.0.1:8080/api/service/scim scimlt_... 500 8
 *
 * Loopback only; bounded by USERS requests per phase.
 */
public class UserWriteBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!base.startsWith("http://127.0.0.1") && !base.startsWith("http://localhost")) {
            throw new IllegalArgumentException("loopback targets only: " + base);
        }
        String token = args[1];
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add("bench-" + run + "-" + i + "@example.com");
        }
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            phase("create (POST /Users)", pool, names, name -> {
                HttpResponse<String> r = send(http, token, "POST", base + "/Users", """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s","active":true,
                         "externalId":"%2$s","displayName":"Bench User","name":{"givenName":"Bench","familyName":"User"},
                         "emails":[{"type":"work","value":"%1$s","primary":true}]}""".formatted(name, UUID.randomUUID()));
                expect(r, 201);
                String body = r.body();
                int at = body.indexOf("\"id\":\"") + 6;
                ids.add(body.substring(at, body.indexOf('"', at)));
            });
            phase("disable (PATCH active \"False\")", pool, new ArrayList<>(ids), id -> expect(send(http, token, "PATCH",
                    base + "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}"), 200));
            phase("match (GET filter userName eq)", pool, names, name -> expect(send(http, token, "GET",
                    base + "/Users?filter=userName%20eq%20%22" + name + "%22", null), 200));
        } finally {
            pool.shutdownNow();
        }
    }

    interface Step {
        void run(String item) throws Exception;
    }

    static void phase(String name, ExecutorService pool, List<String> items, Step step) throws Exception {
        List<Future<Long>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (String item : items) {
            futures.add(pool.submit(() -> {
                long t = System.nanoTime();
                step.run(item);
                return System.nanoTime() - t;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> f : futures) {
            latencies.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Collections.sort(latencies);
        System.out.printf("%-34s %6d requests  %8.1f req/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms%n", name,
                items.size(), items.size() / seconds, ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99));
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1e6;
    }

    static HttpResponse<String> send(HttpClient http, String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/scim+json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + r.statusCode() + ": " + r.body());
        }
    }
}
