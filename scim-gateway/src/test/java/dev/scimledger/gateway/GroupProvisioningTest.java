package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Groups as Entra and Okta drive them: create, find by displayName, every member PATCH form, deletes. */
class GroupProvisioningTest extends RunningService {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private String user(String token) {
        Response created = scim("POST", "/Users", token, entraUser(unique("member"), UUID.randomUUID().toString()));
        assertThat(created.status()).isEqualTo(201);
        return created.text("/id");
    }

    private static String group(String displayName, String... members) {
        StringBuilder list = new StringBuilder();
        for (String member : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + displayName
                + "\",\"externalId\":\"" + UUID.randomUUID() + "\",\"members\":[" + list + "]}";
    }

    private Set<String> memberIds(String token, String groupId) {
        Set<String> ids = new HashSet<>();
        JsonNode members = scim("GET", "/Groups/" + groupId, token, null).body().get("members");
        if (members != null) {
            members.forEach(m -> ids.add(m.get("value").asText()));
        }
        return ids;
    }

    private String version(String token, String groupId) {
        return scim("GET", "/Groups/" + groupId + "?excludedAttributes=members", token, null).header("ETag");
    }

    @Test
    void createWithMembersThenReadAndFindByDisplayName() {
        String token = newTenantToken();
        String alice = user(token);
        String bob = user(token);
        Response created = scim("POST", "/Groups", token, group("Engineering", alice, bob));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(created.header("Location")).endsWith("/Groups/" + id);
        assertThat(created.header("ETag")).isNotBlank();
        assertThat(created.text("/displayName")).isEqualTo("Engineering");
        assertThat(created.text("/meta/resourceType")).isEqualTo("Group");
        assertThat(created.body().get("members")).hasSize(2);
        assertThat(created.text("/members/0/type")).isEqualTo("User");
        assertThat(created.text("/members/0/display")).isEqualTo("Test User");

        Response found = scim("GET", "/Groups?filter=displayName%20eq%20%22engineering%22&excludedAttributes=members", token, null);
        assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.text("/Resources/0/id")).isEqualTo(id);
        assertThat(found.body().at("/Resources/0").has("members")).as("excludedAttributes=members").isFalse();
        assertThat(scim("GET", "/Groups/" + id + "?excludedAttributes=members", token, null).body().has("members")).isFalse();
        assertThat(memberIds(token, id)).containsExactlyInAnyOrder(alice, bob);
        Response byMember = scim("GET", "/Groups?filter=members.value%20eq%20%22" + alice + "%22", token, null);
        assertThat(byMember.body().get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void unknownMemberIsRejectedByNameAndNothingIsApplied() {
        String token = newTenantToken();
        String alice = user(token);
        String ghost = UUID.randomUUID().toString();
        Response created = scim("POST", "/Groups", token, group("Ghosts", alice, ghost));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.text("/scimType")).isEqualTo("invalidValue");
        assertThat(created.text("/detail")).contains(ghost);
        assertThat(scim("GET", "/Groups", token, null).body().get("totalResults").asInt()).isZero();

        String id = scim("POST", "/Groups", token, group("Real", alice)).text("/id");
        String before = version(token, id);
        Response patched = scim("PATCH", "/Groups/" + id, token, patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + alice + "\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ghost + "\"}]}]"));
        assertThat(patched.status()).isEqualTo(400);
        assertThat(memberIds(token, id)).as("a PATCH is all or nothing").containsExactly(alice);
        assertThat(version(token, id)).isEqualTo(before);

        String otherTenantsUser = user(newTenantToken());
        assertThat(scim("PATCH", "/Groups/" + id, token, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + otherTenantsUser + "\"}]}]")).status())
                .as("a member of another tenant does not exist here").isEqualTo(400);
    }

    @Test
    void displayNameIsUniquePerTenantInAnyCase() {
        String token = newTenantToken();
        assertThat(scim("POST", "/Groups", token, group("Sales")).status()).isEqualTo(201);
        Response again = scim("POST", "/Groups", token, group("SALES"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("/scimType")).isEqualTo("uniqueness");
        assertThat(scim("POST", "/Groups", newTenantToken(), group("Sales")).status()).isEqualTo(201);
    }

    @Test
    void everyMemberPatchFormClientsSend() {
        String token = newTenantToken();
        String a = user(token);
        String b = user(token);
        String c = user(token);
        String d = user(token);
        String id = scim("POST", "/Groups", token, group("Forms")).text("/id");

        // Entra: add with a value array, op in any case
        assertThat(scim("PATCH", "/Groups/" + id, token, patch("[{\"op\":\"Add\",\"path\":\"members\",\"value\":["
                + "{\"value\":\"" + a + "\"},{\"value\":\"" + b + "\"},{\"value\":\"" + c + "\"}]}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).containsExactlyInAnyOrder(a, b, c);

        // adding a present member or removing an absent one: no error, no event
        String before = version(token, id);
        assertThat(scim("PATCH", "/Groups/" + id, token, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]},"
                + "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + d + "\"}]}]")).status()).isEqualTo(204);
        assertThat(version(token, id)).isEqualTo(before);

        // Entra: remove with a value array removes exactly the listed members, never the whole group
        assertThat(scim("PATCH", "/Groups/" + id, token, patch(
                "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).containsExactlyInAnyOrder(b, c);

        // RFC form: value filter
        assertThat(scim("PATCH", "/Groups/" + id, token, patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + b + "\\\"]\"}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).containsExactly(c);

        // no-path add with members and $ref, and displayName in the same operation
        assertThat(scim("PATCH", "/Groups/" + id, token, patch("[{\"op\":\"add\",\"value\":{\"members\":[{\"value\":\"" + d
                + "\",\"$ref\":\"https://x/Users/" + d + "\"}],\"displayName\":\"Forms 2\"}}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).containsExactlyInAnyOrder(c, d);
        assertThat(scim("GET", "/Groups/" + id, token, null).text("/displayName")).isEqualTo("Forms 2");

        // replace on members replaces the set
        assertThat(scim("PATCH", "/Groups/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"members\",\"value\":["
                + "{\"value\":\"" + a + "\"},{\"value\":\"" + b + "\"}]}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).containsExactlyInAnyOrder(a, b);

        // Okta renames by replace without path
        assertThat(scim("PATCH", "/Groups/" + id, token, patch(
                "[{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"displayName\":\"Renamed\"}}]")).status()).isEqualTo(204);
        assertThat(scim("GET", "/Groups/" + id, token, null).text("/displayName")).isEqualTo("Renamed");

        // remove without value: every member
        assertThat(scim("PATCH", "/Groups/" + id, token, patch("[{\"op\":\"remove\",\"path\":\"members\"}]")).status()).isEqualTo(204);
        assertThat(memberIds(token, id)).isEmpty();
    }

    @Test
    void putReplacesNameAndMembers() {
        String token = newTenantToken();
        String a = user(token);
        String b = user(token);
        String id = scim("POST", "/Groups", token, group("Put", a)).text("/id");
        Response put = scim("PUT", "/Groups/" + id, token, group("Put Renamed", b));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text("/displayName")).isEqualTo("Put Renamed");
        assertThat(memberIds(token, id)).containsExactly(b);
        assertThat(scim("POST", "/Groups", token, group("Put")).status()).as("the old name is free again").isEqualTo(201);
    }

    @Test
    void deletingAUserOrGroupRemovesItFromItsGroups() {
        String token = newTenantToken();
        String a = user(token);
        String b = user(token);
        String child = scim("POST", "/Groups", token, group("Child", a)).text("/id");
        String parent = scim("POST", "/Groups", token, group("Parent", a, b, child)).text("/id");
        assertThat(memberIds(token, parent)).containsExactlyInAnyOrder(a, b, child);

        assertThat(scim("DELETE", "/Users/" + a, token, null).status()).isEqualTo(204);
        assertThat(memberIds(token, parent)).containsExactlyInAnyOrder(b, child);
        assertThat(memberIds(token, child)).isEmpty();

        assertThat(scim("DELETE", "/Groups/" + child, token, null).status()).isEqualTo(204);
        assertThat(scim("GET", "/Groups/" + child, token, null).status()).isEqualTo(404);
        assertThat(memberIds(token, parent)).containsExactly(b);
    }

    @Test
    void groupsThatMustAlreadyExist() {
        TenantAccess tenant = newTenant();
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"groupPolicy\":\"existing\"}")
                .text("/groupPolicy")).isEqualTo("existing");
        Response refused = scim("POST", "/Groups", tenant.token(), group("Contractors"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("/detail")).contains("Contractors").contains("administrator");

        Response made = call("POST", "/admin/tenants/" + tenant.tenantId() + "/groups", ADMIN_TOKEN,
                "{\"displayName\":\"Contractors\",\"externalId\":\"obj-9\"}");
        assertThat(made.status()).isEqualTo(201);
        String id = made.text("/id");
        Response found = scim("GET", "/Groups?filter=displayName%20eq%20%22Contractors%22&excludedAttributes=members",
                tenant.token(), null);
        assertThat(found.text("/Resources/0/id")).isEqualTo(id);
        String u = user(tenant.token());
        assertThat(scim("PATCH", "/Groups/" + id, tenant.token(), patch(
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}]")).status()).isEqualTo(204);
        assertThat(memberIds(tenant.token(), id)).containsExactly(u);
        assertThat(scim("DELETE", "/Groups/" + id, tenant.token(), null).status()).isEqualTo(403);
    }

    @Test
    void concurrentMemberPatchesConvergeToTheExactSet() throws Exception {
        String token = newTenantToken();
        String id = scim("POST", "/Groups", token, group("Busy")).text("/id");
        int clients = 20;
        int opsPerClient = 50;
        List<List<String>> users = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<List<String>>> creations = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                creations.add(() -> {
                    List<String> own = new ArrayList<>();
                    for (int j = 0; j < opsPerClient; j++) {
                        own.add(user(token));
                    }
                    return own;
                });
            }
            for (Future<List<String>> f : pool.invokeAll(creations)) {
                users.add(f.get());
            }
            // each client: add its user j; on odd j, in the same PATCH, remove its user j-1 (Entra's remove form)
            List<Callable<Integer>> patches = new ArrayList<>();
            for (List<String> own : users) {
                for (int j = 1; j < own.size(); j += 2) {
                    expected.add(own.get(j));
                }
                patches.add(() -> {
                    for (int j = 0; j < own.size(); j++) {
                        String ops = "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + own.get(j) + "\"}]}"
                                + (j % 2 == 1 ? ",{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\""
                                + own.get(j - 1) + "\"}]}" : "") + "]";
                        Response r = scim("PATCH", "/Groups/" + id, token, patch(ops));
                        if (r.status() != 204) {
                            throw new AssertionError(r.status() + " " + r.body());
                        }
                    }
                    return own.size();
                });
            }
            for (Future<Integer> f : pool.invokeAll(patches)) {
                assertThat(f.get()).isEqualTo(opsPerClient);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(memberIds(token, id)).isEqualTo(expected);
        assertThat(expected).hasSize(clients * opsPerClient / 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, id)).as("a group with a long history is loaded from a snapshot").isPositive();
    }
}
