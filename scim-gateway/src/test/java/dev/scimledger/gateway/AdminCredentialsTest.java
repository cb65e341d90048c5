package dev.scimledger.gateway;

import dev.scimledger.gateway.access.AdminApiKeys;
import dev.scimledger.gateway.admin.AdminActor;
import dev.scimledger.gateway.operator.Operators;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beside the one admin token: named API keys of a role, whose actions name them, which rotate and revoke; and the
 * metrics credential, which reads the Prometheus scrape and nothing else.
 */
class AdminCredentialsTest extends RunningService {

    @Autowired
    Operators keys;

    private static final AdminActor TEST = AdminActor.system("test");

    private static String tenantBody() {
        return "{\"name\":\"key-" + UUID.randomUUID() + "\"}";
    }

    @Test
    void anAuditorsKeyReadsAndChangesNothing() {
        AdminApiKeys.IssuedKey key = keys.issueKey("reader-" + UUID.randomUUID().toString().substring(0, 8), "auditor",
                TEST);
        assertThat(call("GET", "/admin/tenants", key.key(), null).status()).isEqualTo(200);
        String name = tenantBody();
        Response refused = call("POST", "/admin/tenants", key.key(), name);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("/detail")).contains("auditor");
        assertThat(call("GET", "/admin/tenants", ADMIN_TOKEN, null).raw().body()).doesNotContain(name.substring(9, 45));
        assertThat(call("POST", "/admin/chain/verify", key.key(), null).status()).as("verification only reads")
                .isEqualTo(200);
    }

    @Test
    void anAdminsKeyActsUnderItsNameAndStopsWhenRotatedOrRevoked() throws InterruptedException {
        String name = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
        AdminApiKeys.IssuedKey key = keys.issueKey(name, "admin", TEST);
        Response created = call("POST", "/admin/tenants", key.key(), tenantBody());
        assertThat(created.status()).isEqualTo(201);
        String tenantId = created.text("/id");
        // the audit trail is a projection of its own: the tenant's creation reaches it a moment later
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (call("GET", "/admin/tenants/" + tenantId + "/audit", ADMIN_TOKEN, null).body().get("events").isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(call("GET", "/admin/tenants/" + tenantId + "/audit", ADMIN_TOKEN, null).body().get("events")
                .findValuesAsText("id")).contains("api-key:" + name);

        AdminApiKeys.IssuedKey rotated = keys.rotateKey(key.apiKey().id(), TEST);
        assertThat(call("GET", "/admin/tenants", key.key(), null).status()).as("the old secret").isEqualTo(401);
        assertThat(call("GET", "/admin/tenants", rotated.key(), null).status()).isEqualTo(200);
        keys.revokeKey(key.apiKey().id(), TEST);
        assertThat(call("GET", "/admin/tenants", rotated.key(), null).status()).isEqualTo(401);
    }

    @Test
    void theMetricsCredentialReadsThePrometheusScrapeAndNothingElse() {
        Response scrape = call("GET", "/admin/actuator/prometheus", METRICS_TOKEN, null);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body()).contains("scim_provisioning_log_dropped");
        assertThat(call("GET", "/admin/tenants", METRICS_TOKEN, null).status()).isEqualTo(403);
        assertThat(call("GET", "/admin/actuator/health", METRICS_TOKEN, null).status()).isEqualTo(403);
        assertThat(call("POST", "/admin/tenants", METRICS_TOKEN, tenantBody()).status()).isEqualTo(403);
        assertThat(call("GET", "/api/service/scim/Users", METRICS_TOKEN, null).status()).isEqualTo(401);
    }
}
