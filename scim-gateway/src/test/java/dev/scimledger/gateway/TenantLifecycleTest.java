package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants and tokens through the admin API: list, rename, suspend (SCIM refused, data kept), resume, delete; tokens
 * with ids, names, expiry, last use, revocation on the next request and rotation with an overlap; every action an
 * event in the log with its actor.
 */
class TenantLifecycleTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    private Response admin(String method, String path, String body) {
        return call(method, "/admin/tenants" + path, ADMIN_TOKEN, body);
    }

    @Test
    void tenantsAreListedRenamedAndKeepUniqueNamesInAnyCase() {
        String name = "Lifecycle " + UUID.randomUUID();
        Response created = admin("POST", "", "{\"name\":\"  " + name + "  \"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("/name")).as("trimmed").isEqualTo(name);
        assertThat(created.text("/status")).isEqualTo("active");
        assertThat(created.body().get("tokenLifetimeDays").asInt()).isEqualTo(365);
        String id = created.text("/id");

        assertThat(admin("POST", "", "{\"name\":\"" + name.toUpperCase() + "\"}").status()).isEqualTo(409);
        Response list = admin("GET", "", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("tenants").findValuesAsText("id")).contains(id);

        String other = "Renamed " + UUID.randomUUID();
        Response renamed = admin("PATCH", "/" + id, "{\"name\":\"" + other + "\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("/name")).isEqualTo(other);
        assertThat(admin("POST", "", "{\"name\":\"" + name + "\"}").status()).as("the old name is free").isEqualTo(201);
        assertThat(admin("PATCH", "/" + id, "{\"name\":\"" + name + "\"}").status()).as("now taken").isEqualTo(409);

        assertThat(admin("PATCH", "/" + id, "{\"maxResult\":5}").text("/detail"))
                .as("a misspelt setting is refused, not ignored").contains("maxResult");
        assertThat(admin("PATCH", "/" + id, "{\"tokenLifetimeDays\":\"90\"}").status()).isEqualTo(400);
        assertThat(admin("GET", "/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void aSuspendedTenantIsRefusedWith403AndKeepsItsDataUntilResumed() {
        TenantAccess tenant = newTenant();
        String userId = scim("POST", "/Users", tenant.token(), entraUser(unique("kept"), "kept")).text("/id");

        Response suspended = admin("POST", "/" + tenant.tenantId() + "/suspend", "{\"reason\":\"contract paused\"}");
        assertThat(suspended.status()).isEqualTo(200);
        assertThat(suspended.text("/status")).isEqualTo("suspended");
        Response refused = scim("GET", "/Users/" + userId, tenant.token(), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().toString()).doesNotContain(userId);
        assertThat(scim("POST", "/Users", tenant.token(), entraUser(unique("during"), "d")).status()).isEqualTo(403);

        assertThat(admin("POST", "/" + tenant.tenantId() + "/resume", null).text("/status")).isEqualTo("active");
        assertThat(scim("GET", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(200);
    }

    @Test
    void deletingNeedsASuspendedTenantThenItsTokensStopAndItsResourcesLeaveTheReadModel() {
        TenantAccess tenant = newTenant();
        String userId = scim("POST", "/Users", tenant.token(), entraUser(unique("gone"), "gone")).text("/id");

        assertThat(admin("DELETE", "/" + tenant.tenantId(), null).status()).as("active: suspend first").isEqualTo(409);
        assertThat(scim("GET", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(200);

        admin("POST", "/" + tenant.tenantId() + "/suspend", null);
        assertThat(admin("DELETE", "/" + tenant.tenantId(), null).status()).isEqualTo(204);
        assertThat(scim("GET", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(401);
        assertThat(admin("GET", "/" + tenant.tenantId(), null).status()).isEqualTo(404);
        assertThat(admin("POST", "/" + tenant.tenantId() + "/tokens", null).status()).isEqualTo(404);
        assertThat(admin("GET", "", null).body().get("tenants").findValuesAsText("id")).doesNotContain(tenant.tenantId());
        awaitTrue(() -> jdbc.queryForObject("SELECT count(*) FROM scim_user WHERE tenant_id = ?", Integer.class,
                tenant.tenantId()) == 0, "the deleted tenant's users leave the read model");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, userId)).as("its history stays in the log").isPositive();
    }

    @Test
    void tokensHaveIdsNamesExpiryAndLastUseAndAreListedWithoutTheirSecret() {
        TenantAccess tenant = newTenant();
        Response issued = admin("POST", "/" + tenant.tenantId() + "/tokens", "{\"name\":\"Entra production\",\"expiresInDays\":20}");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.text("/token");
        assertThat(issued.text("/name")).isEqualTo("Entra production");
        assertThat(issued.text("/scimUrl")).as("the Tenant URL to paste beside it")
                .isEqualTo("http://127.0.0.1:" + port + BASE);
        Instant expires = Instant.parse(issued.text("/expiresAt"));
        assertThat(Duration.between(Instant.parse(issued.text("/createdAt")), expires)).isEqualTo(Duration.ofDays(20));
        assertThat(admin("POST", "/" + tenant.tenantId() + "/tokens", "{\"expiresInDays\":366}").status())
                .as("beyond the tenant's token lifetime").isEqualTo(400);

        assertThat(scim("GET", "/Users", token, null).status()).isEqualTo(200);
        Response listed = admin("GET", "/" + tenant.tenantId() + "/tokens/" + issued.text("/id"), null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.text("/status")).as("20 days left, inside the 30-day warning window").isEqualTo("expiring");
        assertThat(listed.body().get("expiryWarning").asBoolean()).isTrue();
        assertThat(listed.body().has("lastUsedAt")).isTrue();
        assertThat(listed.body().toString()).doesNotContain(token);

        Response all = admin("GET", "/" + tenant.tenantId() + "/tokens", null);
        assertThat(all.body().get("totalResults").asInt()).isEqualTo(2);
        assertThat(all.body().toString()).doesNotContain(token).doesNotContain(tenant.token());
        assertThat(admin("GET", "/" + tenant.tenantId(), null).body().at("/tokens/expiring").asInt()).isEqualTo(1);
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextRequest() {
        TenantAccess tenant = newTenant();
        assertThat(scim("GET", "/Users", tenant.token(), null).status()).isEqualTo(200);
        String tokenId = admin("GET", "/" + tenant.tenantId() + "/tokens", null).body().at("/tokens/0/id").asText();

        assertThat(admin("DELETE", "/" + tenant.tenantId() + "/tokens/" + tokenId, null).status()).isEqualTo(204);
        Response refused = scim("GET", "/Users", tenant.token(), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("/detail")).contains("revoked");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scim\", error=\"invalid_token\"");
        assertThat(scim("GET", "/Users", null, null).header("WWW-Authenticate"))
                .as("RFC 6750 §3.1: no error code when no token was sent").isEqualTo("Bearer realm=\"scim\"");
        assertThat(admin("GET", "/" + tenant.tenantId() + "/tokens/" + tokenId, null).text("/status")).isEqualTo("revoked");
        assertThat(admin("DELETE", "/" + tenant.tenantId() + "/tokens/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void aRotatedTokenWorksForTheOverlapThenStopsWhileItsSuccessorGoesOn() throws InterruptedException {
        TenantAccess tenant = newTenant();
        String oldId = admin("GET", "/" + tenant.tenantId() + "/tokens", null).body().at("/tokens/0/id").asText();
        assertThat(admin("POST", "/" + tenant.tenantId() + "/tokens/" + oldId + "/rotate", "{\"overlapHours\":25}").status())
                .isEqualTo(400);

        // an overlap of 3.6 seconds
        Response rotated = admin("POST", "/" + tenant.tenantId() + "/tokens/" + oldId + "/rotate", "{\"overlapHours\":0.001}");
        assertThat(rotated.status()).isEqualTo(201);
        String successor = rotated.text("/token");
        assertThat(rotated.text("/replaces")).isEqualTo(oldId);
        assertThat(scim("GET", "/Users", tenant.token(), null).status()).as("inside the overlap").isEqualTo(200);
        assertThat(admin("GET", "/" + tenant.tenantId() + "/tokens/" + oldId, null).text("/status")).isEqualTo("overlap");
        assertThat(admin("POST", "/" + tenant.tenantId() + "/tokens/" + oldId + "/rotate", null).status())
                .as("rotated once only").isEqualTo(409);

        Instant until = Instant.parse(rotated.text("/replacedValidUntil"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()) + 200);
        Response after = scim("GET", "/Users", tenant.token(), null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.text("/detail")).contains("rotation");
        assertThat(scim("GET", "/Users", successor, null).status()).isEqualTo(200);
    }

    @Test
    void everyAdminActionIsAnEventInTheLogWithItsActor() {
        TenantAccess tenant = newTenant();
        String tokenId = admin("GET", "/" + tenant.tenantId() + "/tokens", null).body().at("/tokens/0/id").asText();
        admin("PATCH", "/" + tenant.tenantId(), "{\"maxResults\":50,\"name\":\"Audited " + UUID.randomUUID() + "\"}");
        admin("POST", "/" + tenant.tenantId() + "/tokens/" + tokenId + "/rotate", "{\"overlapHours\":1}");
        admin("DELETE", "/" + tenant.tenantId() + "/tokens/" + tokenId, null);
        admin("POST", "/" + tenant.tenantId() + "/suspend", null);
        admin("POST", "/" + tenant.tenantId() + "/resume", null);

        List<String> types = jdbc.queryForList("""
                SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""",
                String.class, tenant.tenantId()).stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
        assertThat(types).containsExactly("TenantCreatedEvent", "TokenIssuedEvent", "TenantRenamedEvent",
                "TenantSettingsChangedEvent", "TokenRotatedEvent", "TokenRevokedEvent", "TenantSuspendedEvent",
                "TenantResumedEvent");
        List<String> payloads = jdbc.queryForList("""
                SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?""",
                String.class, tenant.tenantId());
        assertThat(payloads).allSatisfy(payload -> assertThat(payload).contains("\"actor\":\"admin-api\""));
        assertThat(String.join("\n", payloads)).doesNotContain(tenant.token()).doesNotContain("digest");

        awaitTrue(() -> jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE resource_id = ?", Integer.class,
                tenant.tenantId()) == types.size(), "every admin action reaches the audit trail");
        Map<String, Object> settingsChange = jdbc.queryForMap("""
                SELECT token_id, changed_attributes::text AS changed FROM audit_event
                WHERE resource_id = ? AND event_type = 'TenantSettingsChangedEvent'""", tenant.tenantId());
        assertThat(settingsChange.get("token_id")).isEqualTo("admin-api");
        assertThat(settingsChange.get("changed").toString()).contains("maxResults");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
