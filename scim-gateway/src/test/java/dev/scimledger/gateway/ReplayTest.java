package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay: a projection rebuilt from the whole log beside the live one, while the service serves, and compared with it
 * by digest. The comparisons are limited to the test's tenant: the shared database holds other tests' deliberate
 * tampering with the log (TamperEvidenceTest) and with the audit trail, which a rebuild rightly reports.
 */
class ReplayTest extends RunningService {

    private static final String READ_MODEL = "/admin/projections/scim-read-model/rebuilds";
    private static final String AUDIT_TRAIL = "/admin/projections/audit-trail/rebuilds";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRebuiltReadModelEqualsTheLiveOneWhileWritesGoOn() throws Exception {
        TenantAccess tenant = newTenant();
        History history = history(tenant);

        AtomicBoolean rebuilt = new AtomicBoolean();
        CompletableFuture<List<Integer>> writes = CompletableFuture.supplyAsync(() -> {
            List<Integer> statuses = new ArrayList<>();
            while (!rebuilt.get()) {
                Response created = scim("POST", "/Users", tenant.token(), entraUser(unique("during"), "d"));
                statuses.add(created.status());
                statuses.add(scim("PATCH", "/Users/" + created.text("/id"), tenant.token(),
                        patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")).status());
            }
            return statuses;
        });
        String id;
        JsonNode done;
        try {
            Response started = call("POST", READ_MODEL + "?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
            id = started.text("/id");
            assertThat(started.header("Location")).isEqualTo(READ_MODEL + "/" + id);
            assertThat(started.text("/status")).isIn("running", "completed");
            assertThat(started.text("/tenantId")).isEqualTo(tenant.tenantId());
            done = awaitEnd(started.header("Location"));
        } finally {
            rebuilt.set(true);
        }

        assertThat(writes.get()).as("writes while the rebuild ran").isNotEmpty().allMatch(status -> status / 100 == 2);
        assertEqual(done);
        assertThat(done.get("rowsCompared").asLong()).as("the tenant's users and groups, at least")
                .isGreaterThanOrEqualTo(history.users() + history.groups());
        assertThat(done.get("lastPosition").asLong()).as("the replay reached the log's end as it was at the start")
                .isGreaterThanOrEqualTo(done.get("eventsTotal").asLong());
        assertThat(done.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(Instant.parse(done.get("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(done.get("startedAt").asText()));

        // the rebuilt rows are those of the live read model: a deleted user tombstoned, the deleted group gone with
        // its members, the deactivated user inactive, the group's members as patched
        assertThat(jdbc.queryForObject("SELECT deleted FROM scim_user_rebuild WHERE user_id = ?", Boolean.class,
                history.deletedUser())).isTrue();
        assertThat(jdbc.queryForObject("SELECT active FROM scim_user_rebuild WHERE user_id = ?", Boolean.class,
                history.inactiveUser())).isFalse();
        assertThat(jdbc.queryForList("SELECT member_id FROM scim_group_member_rebuild WHERE group_id = ? ORDER BY member_id",
                String.class, history.group())).isEqualTo(jdbc.queryForList(
                "SELECT member_id FROM scim_group_member WHERE group_id = ? ORDER BY member_id", String.class, history.group()));

        Response listed = call("GET", READ_MODEL, ADMIN_TOKEN, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.text("/rebuilds/0/id")).as("most recent first").isEqualTo(id);
    }

    @Test
    void aRebuiltAuditTrailEqualsTheLiveOne() throws Exception {
        TenantAccess tenant = newTenant();
        history(tenant);
        Response started = call("POST", AUDIT_TRAIL + "?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        JsonNode done = awaitEnd(started.header("Location"));
        assertEqual(done);
        assertThat(done.get("rowsCompared").asLong()).as("the tenant's events, each a row").isGreaterThan(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event_rebuild WHERE tenant_id = ?", Long.class,
                tenant.tenantId())).isEqualTo(done.get("rowsCompared").asLong());
    }

    @Test
    void aCorruptedLiveRowIsNamed() throws Exception {
        TenantAccess tenant = newTenant();
        History history = history(tenant);
        String original = jdbc.queryForObject("SELECT display_name FROM scim_user WHERE user_id = ?", String.class,
                history.inactiveUser());
        assertThat(jdbc.update("UPDATE scim_user SET display_name = 'Corrupted' WHERE user_id = ?", history.inactiveUser()))
                .isEqualTo(1);
        try {
            Response started = call("POST", READ_MODEL + "?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
            JsonNode done = awaitEnd(started.header("Location"));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
            assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("different");
            assertThat(done.get("equal").asBoolean()).isFalse();
            assertThat(done.get("liveDigest").asText()).isNotEqualTo(done.get("rebuiltDigest").asText());
            assertThat(done.get("differenceCount").asLong()).isEqualTo(1);
            assertThat(done.at("/differences/0/key").asText()).isEqualTo("User/" + history.inactiveUser());
            assertThat(done.at("/differences/0/kind").asText()).isEqualTo("content");
        } finally {
            jdbc.update("UPDATE scim_user SET display_name = ? WHERE user_id = ?", original, history.inactiveUser());
        }
    }

    @Test
    void oneRebuildOfAProjectionRunsAtATimeAcrossInstances() throws Exception {
        // another instance's rebuild, running: its heartbeat is fresh
        UUID other = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO projection_rebuild (id, projection, status, phase, actor, node, started_at, heartbeat_at)
                VALUES (?, 'audit-trail', 'running', 'replaying', 'admin-api', 'another-node', now(), now())""", other);
        try {
            Response refused = call("POST", AUDIT_TRAIL, ADMIN_TOKEN, null);
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
            assertThat(refused.text("/detail")).contains(other.toString());

            // that instance died: once its heartbeat is stale, its rebuild is abandoned and a new one may start
            jdbc.update("UPDATE projection_rebuild SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", other);
            TenantAccess tenant = newTenant();
            Response started = call("POST", AUDIT_TRAIL + "?tenantId=" + tenant.tenantId(), ADMIN_TOKEN, null);
            assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
            assertThat(call("GET", AUDIT_TRAIL + "/" + other, ADMIN_TOKEN, null).text("/status")).isEqualTo("abandoned");
            assertEqual(awaitEnd(started.header("Location")));
        } finally {
            jdbc.update("UPDATE projection_rebuild SET status = 'abandoned' WHERE id = ? AND status = 'running'", other);
        }
    }

    @Test
    void unknownProjectionsAndRebuildsAreNotFound() {
        assertThat(call("POST", "/admin/projections/no-such-projection/rebuilds", ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("GET", "/admin/projections/no-such-projection/rebuilds", ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("GET", "/admin/projections/no-such-projection/rebuilds/" + UUID.randomUUID(), ADMIN_TOKEN, null)
                .status()).isEqualTo(404);
        assertThat(call("GET", READ_MODEL + "/" + UUID.randomUUID(), ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("GET", READ_MODEL + "/not-an-id", ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(call("POST", READ_MODEL + "?tenantId=" + UUID.randomUUID(), ADMIN_TOKEN, null).status())
                .as("a tenant that never existed: nothing to compare, not an empty 'equal'").isEqualTo(404);
    }

    /** Users, groups, memberships, a deactivation, deletes; what was made. */
    private record History(String group, String inactiveUser, String deletedUser, int users, int groups) {
    }

    private History history(TenantAccess tenant) {
        String token = tenant.token();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response user = scim("POST", "/Users", token, entraUser(unique("replayed"), "r-" + i));
            assertThat(user.status()).isEqualTo(201);
            users.add(user.text("/id"));
        }
        Response group = scim("POST", "/Groups", token, "{\"displayName\":\"Replayed " + UUID.randomUUID()
                + "\",\"members\":[{\"value\":\"" + users.get(0) + "\"},{\"value\":\"" + users.get(1) + "\"}]}");
        assertThat(group.status()).isEqualTo(201);
        String groupId = group.text("/id");
        ok(scim("PATCH", "/Groups/" + groupId, token, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + users.get(2) + "\"},{\"value\":\"" + users.get(3) + "\"}]}]")));
        ok(scim("PATCH", "/Groups/" + groupId, token, patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                + users.get(1) + "\\\"]\"}]")));
        ok(scim("PATCH", "/Users/" + users.get(0), token, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
        ok(scim("PATCH", "/Users/" + users.get(2), token, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed\"}]")));
        ok(scim("DELETE", "/Users/" + users.get(3), token, null));
        Response gone = scim("POST", "/Groups", token, "{\"displayName\":\"Gone " + UUID.randomUUID()
                + "\",\"members\":[{\"value\":\"" + users.get(2) + "\"}]}");
        ok(scim("DELETE", "/Groups/" + gone.text("/id"), token, null));
        return new History(groupId, users.get(0), users.get(3), users.size(), 2);
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.raw().body()).isBetween(200, 299);
    }

    private static void assertEqual(JsonNode done) {
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("equal");
        assertThat(done.get("equal").asBoolean()).isTrue();
        assertThat(done.get("liveDigest").asText()).hasSize(64).isEqualTo(done.get("rebuiltDigest").asText());
        assertThat(done.get("differenceCount").asLong()).isZero();
        assertThat(done.get("eventsApplied").asLong()).isPositive();
        assertThat(done.get("eventsTotal").asLong()).isPositive();
        assertThat(done.get("compareRounds").asInt()).isPositive();
    }

    /** Follows a rebuild until it is no longer running; each look is also a progress report that must make sense. */
    private JsonNode awaitEnd(String location) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(600);
        long applied = 0;
        while (true) {
            Response status = call("GET", location, ADMIN_TOKEN, null);
            assertThat(status.status()).isEqualTo(200);
            JsonNode body = status.body();
            assertThat(body.get("eventsApplied").asLong()).as("progress only moves forward").isGreaterThanOrEqualTo(applied);
            applied = body.get("eventsApplied").asLong();
            if (!body.get("status").asText().equals("running")) {
                return body;
            }
            assertThat(body.get("phase").asText()).isIn("replaying", "comparing");
            assertThat(Instant.now()).as("the rebuild ends").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
