package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Abuse is bounded: request rate per token, operations per PATCH, filter depth and length; never a 5xx. */
class BoundedCostTest extends RunningService {

    @Test
    void aTokenOverItsTenantsRateGets429WithRetryAfter() throws InterruptedException {
        TenantAccess tenant = newTenant();
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"rateLimitPerSecond\":1}")
                .body().get("rateLimitPerSecond").asInt()).isEqualTo(1);
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(scim("GET", "/Users", tenant.token(), null));
        }
        assertThat(responses).extracting(Response::status).containsOnly(200, 429);
        Response limited = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(limited.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(limited.text("/status")).isEqualTo("429");
        assertThat(limited.body().has("Resources")).isFalse();

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(scim("GET", "/Users", tenant.token(), null).status()).as("accepted again after waiting").isEqualTo(200);
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"rateLimitPerSecond\":0}").status())
                .isEqualTo(400);
    }

    @Test
    void onlyTheAccountImportMaySendMoreThanTheScimBodyLimit() {
        String token = newTenantToken();
        String big = "{\"userName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        // a SCIM path that merely ends like the import's is held to the 1 MB SCIM limit, not the import's 256 MB
        assertThat(scim("PUT", "/Users/accounts", token, big).status()).isEqualTo(413);
        assertThat(scim("POST", "/Users", token, big).status()).isEqualTo(413);
    }

    @Test
    void tooManyPatchOperationsIs413TooMany() {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("ops"), "x")).text("/id");
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            operations.append(i == 0 ? "" : ",").append("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v").append(i).append("\"}");
        }
        Response response = scim("PATCH", "/Users/" + id, token, patch("[" + operations + "]"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text("/scimType")).isEqualTo("tooMany");
        assertThat(scim("GET", "/Users/" + id, token, null).text("/displayName")).isEqualTo("Test User");
    }

    @Test
    void deeplyNestedOrOverlongFiltersAreInvalidFilterNotAnError() {
        String token = newTenantToken();
        String deep = "(".repeat(200) + "userName eq \"x\"" + ")".repeat(200);
        String notDeep = "not (".repeat(200) + "userName eq \"x\"" + ")".repeat(200);
        String longFilter = "userName eq \"" + "x".repeat(5000) + "\"";
        for (String filter : List.of(deep, notDeep, longFilter)) {
            Response response = scim("GET", "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), token, null);
            assertThat(response.status()).as(filter.substring(0, 20)).isEqualTo(400);
            assertThat(response.text("/scimType")).isEqualTo("invalidFilter");
        }
    }
}
