package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain through the admin API: verify, sign now, export the checkpoints and verify against the kept copy. */
class ChainAdminApiTest extends RunningService {

    @Test
    void checkpointsAreExportedAndAKeptCopyVerifiesWhileAForgedOneDoesNot() throws Exception {
        TenantAccess tenant = newTenant();
        scim("POST", "/Users", tenant.token(), entraUser(unique("chained"), "c"));
        Instant deadline = Instant.now().plusSeconds(180);
        Response verified;
        do {
            verified = call("POST", "/admin/chain/verify?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            assertThat(verified.status()).isEqualTo(200);
            assertThat(Instant.now()).as("the tenant's events sealed").isBefore(deadline);
        } while (verified.body().get("links").asLong() < 3); // tenant created, token issued, user created
        assertThat(verified.body().get("intact").asBoolean()).isTrue();

        assertThat(call("POST", "/admin/chain/checkpoints", ADMIN_TOKEN, null).status()).isEqualTo(200);
        Response exported = call("GET", "/admin/chain/checkpoints?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
        String lines = exported.raw().body();
        assertThat(lines).contains(tenant.tenantId()).contains("\"signature\"");
        assertThat(call("GET", "/admin/chain/public-key", ADMIN_TOKEN, null).raw().body()).startsWith("-----BEGIN PUBLIC KEY-----");

        Response withCopy = call("POST", "/admin/chain/verify?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, lines,
                "Content-Type", "application/x-ndjson");
        assertThat(withCopy.body().get("intact").asBoolean()).isTrue();

        String forged = lines.replaceFirst("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + "b".repeat(64) + "\"");
        Response withForgery = call("POST", "/admin/chain/verify?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, forged,
                "Content-Type", "application/x-ndjson");
        assertThat(withForgery.body().get("intact").asBoolean()).isFalse();
        assertThat(withForgery.body().at("/problems/0/kind").asText()).isEqualTo("signature");

        assertThat(call("POST", "/admin/chain/verify", ADMIN_TOKEN, "not checkpoints", "Content-Type", "text/plain").status())
                .isEqualTo(400);
    }
}
