package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time travel against a history built by hand: a user who is renamed, deactivated, moved between groups and finally
 * deleted; each instant between two writes must show exactly what was true then.
 */
class TimeTravelTest extends RunningService {

    private Instant tick() {
        // writes carry millisecond request times: step past the last one so instants fall strictly between writes
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant now = Instant.now();
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return now;
    }

    private Response history(String tenantId, String path) {
        return call("GET", "/admin/tenants/" + tenantId + "/history" + path, ADMIN_TOKEN, null);
    }

    @Test
    void theStateAtEachInstantIsWhatWasTrueThen() {
        TenantAccess tenant = newTenant();
        String token = tenant.token();
        Instant beforeAnything = tick();
        String userName = unique("traveller");
        String user = scim("POST", "/Users", token, entraUser(userName, "t-1")).text("/id");
        String engineering = scim("POST", "/Groups", token, "{\"displayName\":\"Engineering\"}").text("/id");
        String sales = scim("POST", "/Groups", token, "{\"displayName\":\"Sales\"}").text("/id");
        Instant created = tick();
        scim("PATCH", "/Groups/" + engineering, token, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
        Instant inEngineering = tick();
        scim("PATCH", "/Users/" + user, token, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed Traveller\"}]"));
        scim("PATCH", "/Users/" + user, token, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));
        Instant renamedAndInactive = tick();
        scim("PATCH", "/Groups/" + engineering, token, patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]"));
        scim("PATCH", "/Groups/" + sales, token, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
        scim("PATCH", "/Groups/" + sales, token, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Sales EMEA\"}]"));
        Instant inSales = tick();
        scim("DELETE", "/Users/" + user, token, null);
        Instant deleted = tick();

        assertThat(history(tenant.tenantId(), "/users/" + user + "?at=" + beforeAnything).text("/state")).isEqualTo("absent");
        JsonNode atCreation = history(tenant.tenantId(), "/users/" + user + "?at=" + created).body();
        assertThat(atCreation.get("state").asText()).isEqualTo("present");
        assertThat(atCreation.at("/attributes/displayName").asText()).isEqualTo("Test User");
        assertThat(atCreation.get("active").asBoolean()).isTrue();
        JsonNode later = history(tenant.tenantId(), "/users/" + user + "?at=" + renamedAndInactive).body();
        assertThat(later.at("/attributes/displayName").asText()).isEqualTo("Renamed Traveller");
        assertThat(later.get("active").asBoolean()).isFalse();
        assertThat(history(tenant.tenantId(), "/users/" + user + "?at=" + deleted).text("/state")).isEqualTo("deleted");

        assertThat(members(tenant.tenantId(), engineering, created)).isEmpty();
        assertThat(members(tenant.tenantId(), engineering, inEngineering)).containsExactly(user);
        assertThat(members(tenant.tenantId(), engineering, inSales)).isEmpty();
        assertThat(members(tenant.tenantId(), sales, inSales)).containsExactly(user);
        assertThat(members(tenant.tenantId(), sales, deleted)).as("the delete took the user out").isEmpty();

        JsonNode all = history(tenant.tenantId(), "/users/" + user + "/groups?from=" + beforeAnything + "&to=" + deleted).body();
        assertThat(all.get("memberships")).hasSize(2);
        assertThat(all.at("/memberships/0/groupName").asText()).isEqualTo("Engineering");
        assertThat(all.at("/memberships/1/groupName").asText()).as("the name when the user joined").isEqualTo("Sales");
        assertThat(all.at("/memberships/1/left").isTextual()).as("left when the user was deleted").isTrue();
        assertThat(all.at("/memberships/0/left").isTextual()).as("left Engineering").isTrue();
        JsonNode onlyEngineering = history(tenant.tenantId(), "/users/" + user + "/groups?from=" + inEngineering
                + "&to=" + renamedAndInactive).body();
        assertThat(onlyEngineering.get("memberships")).hasSize(1);
        assertThat(onlyEngineering.at("/memberships/0/groupId").asText()).isEqualTo(engineering);
        assertThat(history(tenant.tenantId(), "/users/" + user + "/groups?from=" + beforeAnything + "&to=" + created)
                .body().get("memberships")).isEmpty();

        String sentence = history(tenant.tenantId(), "/users/" + user + "/groups?from=" + beforeAnything + "&to=" + deleted
                + "&format=text").raw().body();
        assertThat(sentence).contains("was a member of 2 groups").contains("- Engineering (").contains("- Sales (");
        assertThat(history(tenant.tenantId(), "/groups/" + engineering + "?at=" + inEngineering + "&format=text").raw().body())
                .contains("Its members were:").contains(user);
    }

    @Test
    void anotherTenantsResourcesHaveNoPastHereAndBadInstantsAre400() {
        TenantAccess a = newTenant();
        TenantAccess b = newTenant();
        String bUser = scim("POST", "/Users", b.token(), entraUser(unique("b-only"), "b")).text("/id");
        Instant now = tick();
        Response probe = history(a.tenantId(), "/users/" + bUser + "?at=" + now);
        assertThat(probe.text("/state")).isEqualTo("absent");
        assertThat(probe.body().path("attributes").isMissingNode() || probe.body().path("attributes").isNull()).isTrue();
        assertThat(probe.body().toString()).doesNotContain("b-only");
        assertThat(history(a.tenantId(), "/users/" + bUser + "?at=yesterday").status()).isEqualTo(400);
        assertThat(history(a.tenantId(), "/users/" + bUser + "/groups?from=" + now + "&to=" + now).status()).isEqualTo(400);
        assertThat(history(a.tenantId(), "/users/" + bUser).status()).isEqualTo(400);
    }

    private List<String> members(String tenantId, String groupId, Instant at) {
        JsonNode group = history(tenantId, "/groups/" + groupId + "?at=" + at).body();
        assertThat(group.get("state").asText()).isEqualTo("present");
        List<String> ids = new ArrayList<>();
        group.get("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }
}
