package dev.scimledger.gateway.provisioninglog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.RunningService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SCIM request reaches the provisioning log, accepted or refused, with the SCIM error it got, Entra's
 * client-request-id and the same request id as its events in the audit trail; the log is filtered, paged and counted
 * per hour over the admin API.
 */
class ProvisioningLogTest extends RunningService {

    @Autowired
    ProvisioningLogWriter writer;

    private JsonNode log(String tenantId, String query) {
        writer.flush();
        Response answer = call("GET", "/admin/tenants/" + tenantId + "/provisioning-log" + query, ADMIN_TOKEN, null);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void acceptedAndRefusedRequestsAreRecordedWithTheirErrors() {
        TenantAccess tenant = newTenant();
        String clientRequestId = UUID.randomUUID().toString();
        Response created = call("POST", BASE + "/Users", tenant.token(), entraUser(unique("logged"), "logged-ext"),
                "client-request-id", clientRequestId);
        assertThat(created.status()).isEqualTo(201);
        String userId = created.text("/id");
        Response refused = scim("POST", "/Users", tenant.token(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(scim("GET", "/Users/" + UUID.randomUUID(), tenant.token(), null).status()).isEqualTo(404);

        JsonNode requests = log(tenant.tenantId(), "").get("requests");
        assertThat(requests).hasSize(3);
        JsonNode missing = requests.get(0);
        assertThat(missing.path("status").asInt()).isEqualTo(404);
        assertThat(missing.path("outcome").asText()).isEqualTo("refused");
        assertThat(missing.path("resourceType").asText()).isEqualTo("User");
        JsonNode invalid = requests.get(1);
        assertThat(invalid.path("method").asText()).isEqualTo("POST");
        assertThat(invalid.path("path").asText()).isEqualTo("/Users");
        assertThat(invalid.path("scimType").asText()).isEqualTo(refused.text("/scimType"));
        assertThat(invalid.path("detail").asText()).isEqualTo(Redaction.quoted(refused.text("/detail")));
        JsonNode create = requests.get(2);
        assertThat(create.path("status").asInt()).isEqualTo(201);
        assertThat(create.path("outcome").asText()).isEqualTo("accepted");
        assertThat(create.path("resourceId").asText()).isEqualTo(userId);
        assertThat(create.path("clientRequestId").asText()).isEqualTo(clientRequestId);
        assertThat(create.path("tokenId").asText()).isNotBlank();
        assertThat(create.path("latencyMs").asDouble()).isPositive();
        assertThat(create.has("detail")).isFalse();

        // the same request id as the create's event in the audit trail
        JsonNode audit = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?resourceId=" + userId,
                ADMIN_TOKEN, null).body().get("events");
        assertThat(audit.findValuesAsText("requestId")).contains(create.path("requestId").asText());

        assertThat(log(tenant.tenantId(), "?outcome=refused").get("requests").findValuesAsText("status"))
                .containsExactly("404", "400");
        assertThat(log(tenant.tenantId(), "?text=" + clientRequestId).get("requests")).hasSize(1);
        JsonNode hourly = call("GET", "/admin/tenants/" + tenant.tenantId() + "/provisioning-log/hourly",
                ADMIN_TOKEN, null).body().get("hours");
        assertThat(hourly).hasSize(24);
        assertThat(hourly.get(23).path("requests").asLong()).isEqualTo(3);
        assertThat(hourly.get(23).path("errors").asLong()).isEqualTo(2);
    }

    @Test
    void aRequestRefusedBeforeItsTokenWasKnownIsInTheWholeLog() {
        String marker = "/Users?filter=" + UUID.randomUUID();
        assertThat(scim("GET", marker, "scimlt_not-a-token", null).status()).isEqualTo(401);
        writer.flush();
        JsonNode requests = call("GET", "/admin/provisioning-log?outcome=refused&text=" + marker.substring(15),
                ADMIN_TOKEN, null).body().get("requests");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path("status").asInt()).isEqualTo(401);
        assertThat(requests.get(0).has("tenantId")).isFalse();
        assertThat(requests.get(0).path("detail").asText()).contains("not valid");
    }

    /**
     * A NUL in a path (PostgreSQL text cannot hold one) stopped the writer for good: it retried the same batch each
     * second while every later request waited behind it. Now it is stored as U+FFFD, and a row the database refuses
     * all the same is left out alone.
     */
    @Test
    void aRequestTheDatabaseCannotStoreAsItCameStopsNothing() {
        TenantAccess tenant = newTenant();
        assertThat(scim("GET", "/Users?filter=userName%20eq%20%22a%00b%22&attributes=a%00b", tenant.token(), null)
                .status()).isEqualTo(400);
        assertThat(scim("GET", "/Users?count=1", tenant.token(), null).status()).isEqualTo(200);
        JsonNode requests = log(tenant.tenantId(), "").get("requests");
        assertThat(requests.findValuesAsText("path")).containsExactly("/Users?count=1",
                "/Users?filter=userName eq \"…\"&attributes=a\uFFFDb");
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        TenantAccess tenant = newTenant();
        for (int i = 0; i < 5; i++) {
            scim("GET", "/Users?count=1&startIndex=" + (i + 1), tenant.token(), null);
        }
        List<String> paths = new ArrayList<>();
        JsonNode page = log(tenant.tenantId(), "?count=2");
        while (true) {
            page.get("requests").forEach(r -> paths.add(r.path("path").asText()));
            if (page.path("nextBefore").isNull() || page.path("nextBefore").isMissingNode()) {
                break;
            }
            page = log(tenant.tenantId(), "?count=2&before=" + page.get("nextBefore").asLong());
        }
        assertThat(paths).containsExactly("/Users?count=1&startIndex=5", "/Users?count=1&startIndex=4",
                "/Users?count=1&startIndex=3", "/Users?count=1&startIndex=2", "/Users?count=1&startIndex=1");
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/provisioning-log?outcome=maybe", ADMIN_TOKEN,
                null).status()).isEqualTo(400);
    }
}
