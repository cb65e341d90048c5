package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7644 §3.7: bulk operations, bulkId references, failOnErrors, maxOperations. */
class BulkTest extends RunningService {

    private static String bulk(String failOnErrors, String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]"
                + (failOnErrors == null ? "" : ",\"failOnErrors\":" + failOnErrors) + ",\"Operations\":[" + operations + "]}";
    }

    private static String postUser(String bulkId, String userName) {
        return "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"" + bulkId + "\",\"data\":{\"schemas\":"
                + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}}";
    }

    @Test
    void operationsRunWithBulkIdReferencesResolvedInAnyOrder() {
        String token = newTenantToken();
        String alice = unique("bulk-alice");
        // the group comes first but references the user created after it: it waits for it
        Response response = scim("POST", "/Bulk", token, bulk(null,
                "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"g1\",\"data\":{\"schemas\":"
                        + "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Bulk Group\","
                        + "\"members\":[{\"type\":\"User\",\"value\":\"bulkId:u1\"}]}},"
                        + postUser("u1", alice) + ","
                        + "{\"method\":\"PATCH\",\"path\":\"/Users/bulkId:u1\",\"data\":{\"schemas\":"
                        + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"displayName\",\"value\":\"Alice\"}]}}"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        JsonNode results = response.body().get("Operations");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("status").asText()).isEqualTo("201");
        assertThat(results.get(0).get("bulkId").asText()).isEqualTo("g1");
        assertThat(results.get(1).get("status").asText()).isEqualTo("201");
        assertThat(results.get(1).get("location").asText()).contains("/Users/");
        assertThat(results.get(1).get("version").asText()).startsWith("W/");
        assertThat(results.get(2).get("status").asText()).isEqualTo("200");

        String userId = results.get(1).get("location").asText().replaceAll(".*/", "");
        String groupId = results.get(0).get("location").asText().replaceAll(".*/", "");
        assertThat(scim("GET", "/Users/" + userId, token, null).text("/displayName")).isEqualTo("Alice");
        assertThat(scim("GET", "/Groups/" + groupId, token, null).text("/members/0/value")).isEqualTo(userId);
    }

    @Test
    void failOnErrorsStopsTheRest() {
        String token = newTenantToken();
        Response response = scim("POST", "/Bulk", token, bulk("1",
                "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"bad\",\"data\":{\"displayName\":\"no userName\"}},"
                        + postUser("u2", unique("never"))));
        JsonNode results = response.body().get("Operations");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("status").asText()).isEqualTo("400");
        assertThat(results.get(0).at("/response/scimType").asText()).isEqualTo("invalidValue");
        assertThat(scim("GET", "/Users", token, null).body().get("totalResults").asInt()).isZero();
    }

    @Test
    void anOperationOnAPathThatNamesNoResourceIsA404NeverA500() {
        String token = newTenantToken();
        Response response = scim("POST", "/Bulk", token, bulk(null,
                "{\"method\":\"DELETE\",\"path\":\"/Users/%zz\"},"
                        + "{\"method\":\"PATCH\",\"path\":\"/groups/no%20such\",\"data\":{\"schemas\":"
                        + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\","
                        + "\"path\":\"members\"}]}}"));
        JsonNode results = response.body().get("Operations");
        assertThat(results.get(0).get("status").asText()).isEqualTo("404");
        assertThat(results.get(1).get("status").asText()).isEqualTo("404");
        assertThat(results.get(1).get("response").get("detail").asText()).contains("no such");
    }

    @Test
    void errorsAreReportedPerOperationAndTheOthersApply() {
        String token = newTenantToken();
        String ok = unique("ok");
        Response response = scim("POST", "/Bulk", token, bulk(null,
                "{\"method\":\"DELETE\",\"path\":\"/Users/no-such-user\"}," + postUser("u3", ok)));
        JsonNode results = response.body().get("Operations");
        assertThat(results.get(0).get("status").asText()).isEqualTo("404");
        assertThat(results.get(1).get("status").asText()).isEqualTo("201");
    }

    @Test
    void circularReferencesAreConflicts() {
        String token = newTenantToken();
        Response response = scim("POST", "/Bulk", token, bulk(null,
                "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"a\",\"data\":{\"displayName\":\"A\",\"members\":[{\"value\":\"bulkId:b\"}]}},"
                        + "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"b\",\"data\":{\"displayName\":\"B\",\"members\":[{\"value\":\"bulkId:a\"}]}}"));
        JsonNode results = response.body().get("Operations");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("status").asText()).isEqualTo("409");
        assertThat(results.get(1).get("status").asText()).isEqualTo("409");
        assertThat(scim("GET", "/Groups", token, null).body().get("totalResults").asInt()).isZero();
    }

    @Test
    void tooManyOperationsIsRefusedWhole() {
        String token = newTenantToken();
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            operations.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/x").append(i).append("\"}");
        }
        Response response = scim("POST", "/Bulk", token, bulk(null, operations.toString()));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text("/scimType")).isEqualTo("tooMany");
    }

    @Test
    void malformedBulkRequestIsBadRequest() {
        String token = newTenantToken();
        assertThat(scim("POST", "/Bulk", token, "{\"Operations\":[]}").status()).isEqualTo(400);
        assertThat(scim("POST", "/Bulk", token, bulk(null, "{\"method\":\"GET\",\"path\":\"/Users\"}")).status()).isEqualTo(400);
        assertThat(scim("POST", "/Bulk", token, bulk(null, "{\"method\":\"POST\",\"path\":\"/Users\",\"data\":{}}")).status())
                .as("POST needs a bulkId").isEqualTo(400);
    }

    /** A Bulk used to count as one request: each operation after the first now takes a permit of the token's rate. */
    @Test
    void eachOperationCountsAgainstTheTokensRate() {
        TenantAccess tenant = newTenant();
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"rateLimitPerSecond\":2}")
                .status()).isEqualTo(200);
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            operations.add(postUser("r" + i, unique("rate" + i)));
        }
        Response response = scim("POST", "/Bulk", tenant.token(), bulk(null, String.join(",", operations)));
        assertThat(response.status()).isEqualTo(200);
        List<String> statuses = response.body().get("Operations").findValuesAsText("status");
        // a burst of twice the rate: the request and three more operations; the rest are 429, and nothing of them written
        assertThat(statuses.subList(0, 4)).containsOnly("201");
        assertThat(statuses.subList(4, 8)).containsOnly("429");
        assertThat(response.body().get("Operations").get(4).at("/response/detail").asText())
                .contains("each Bulk operation counts as one");
    }

    /** A token revoked while its Bulk runs stops the operations after the revocation, not after the Bulk. */
    @Test
    void aTokenRevokedDuringABulkStopsItsRemainingOperations() throws Exception {
        TenantAccess tenant = newTenant();
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"rateLimitPerSecond\":100000}")
                .status()).isEqualTo(200);
        String tokenId = call("GET", "/admin/tenants/" + tenant.tenantId() + "/tokens", ADMIN_TOKEN, null)
                .body().findValuesAsText("id").get(0);
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            operations.add(postUser("v" + i, unique("revoked" + i)));
        }
        java.util.concurrent.CompletableFuture<Response> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> scim("POST", "/Bulk", tenant.token(), bulk(null, String.join(",", operations))));
        // revoke once the Bulk has written some users
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)
                && scim("GET", "/Users?count=1", tenant.token(), null).body().path("totalResults").asInt() < 20) {
            Thread.sleep(20);
        }
        assertThat(call("DELETE", "/admin/tenants/" + tenant.tenantId() + "/tokens/" + tokenId, ADMIN_TOKEN, null)
                .status()).isIn(200, 204);
        Response response = running.get(120, java.util.concurrent.TimeUnit.SECONDS);
        List<String> statuses = response.body().get("Operations").findValuesAsText("status");
        int firstRefused = statuses.indexOf("401");
        assertThat(firstRefused).as("the Bulk went on after the revocation: " + statuses.size()).isPositive();
        assertThat(statuses.subList(0, firstRefused)).containsOnly("201");
        assertThat(statuses.subList(firstRefused, statuses.size())).containsOnly("401");
    }
}
