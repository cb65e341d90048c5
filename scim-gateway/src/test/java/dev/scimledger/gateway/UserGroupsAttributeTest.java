package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's read-only {@code groups} (RFC 7643 §4.1.2): the groups it is a direct member of, on every read of the
 * user, computed from the memberships (never stored with the user), filterable, and not read when not shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserGroupsAttributeTest extends SearchTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private String token;
    private String member;
    private String loner;
    private String alpha;
    private String beta;
    private String outer;

    @BeforeAll
    void aUserInTwoGroupsOneOfThemNested() {
        token = newTenantToken();
        member = create(token, "{\"userName\":\"" + unique("member") + "\"}").get("id").asText();
        loner = create(token, "{\"userName\":\"" + unique("loner") + "\"}").get("id").asText();
        beta = group("beta team", member);
        alpha = group("Alpha Team", member);
        outer = group("Outer", alpha);
    }

    private String group(String displayName, String... members) {
        StringBuilder list = new StringBuilder();
        for (String m : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(m).append("\"}");
        }
        Response created = scim("POST", "/Groups", token, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + displayName + "\",\"members\":[" + list + "]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("/id");
    }

    private JsonNode user(String id, String... nameValues) {
        Response response = scim("GET", "/Users/" + id + query(nameValues), token, null);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static List<String> values(JsonNode groups) {
        List<String> ids = new ArrayList<>();
        if (groups != null) {
            groups.forEach(g -> ids.add(g.get("value").asText()));
        }
        return ids;
    }

    @Test
    void aUserShowsTheGroupsItIsADirectMemberOf() {
        JsonNode groups = user(member).get("groups");
        assertThat(values(groups)).as("direct memberships only, by display name").containsExactly(alpha, beta);
        JsonNode first = groups.get(0);
        assertThat(first.get("display").asText()).isEqualTo("Alpha Team");
        assertThat(first.get("type").asText()).isEqualTo("direct");
        assertThat(first.get("$ref").asText()).endsWith(BASE + "/Groups/" + alpha).startsWith("http://");
        assertThat(user(loner).has("groups")).as("no groups, no attribute").isFalse();
    }

    @Test
    void listsAndSearchesShowGroupsToo() {
        JsonNode listed = list(token, "filter", "id eq \"" + member + "\"").body().at("/Resources/0");
        assertThat(values(listed.get("groups"))).containsExactly(alpha, beta);
        Response page = list(token, "sortBy", "userName");
        for (JsonNode user : page.body().get("Resources")) {
            assertThat(user.has("groups")).isEqualTo(user.get("id").asText().equals(member));
        }
        Response root = scim("POST", "/.search", token, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "SearchRequest\"],\"filter\":\"groups.display eq \\\"alpha team\\\"\"}");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body().get("totalResults").asInt()).as("groups have no groups attribute: users only")
                .isEqualTo(1);
        assertThat(values(root.body().at("/Resources/0/groups"))).containsExactly(alpha, beta);
    }

    @Test
    void groupsAreFilterableLikeAnyMultiValuedAttribute() {
        assertThat(ids(list(token, "filter", "groups.value eq \"" + alpha + "\""))).containsExactly(member);
        assertThat(ids(list(token, "filter", "groups eq \"" + beta.toUpperCase() + "\""))).as("value is not caseExact")
                .containsExactly(member);
        assertThat(ids(list(token, "filter", "groups[display eq \"BETA TEAM\" and type eq \"direct\"]")))
                .containsExactly(member);
        assertThat(ids(list(token, "filter", "groups.value eq \"" + outer + "\""))).as("nested: not direct").isEmpty();
        assertThat(ids(list(token, "filter", "not (groups pr)"))).containsExactly(loner);
        assertThat(ids(list(token, "filter", "groups pr", "sortBy", "groups.display"))).containsExactly(member);
        Response refused = list(token, "filter", "groups.$ref pr");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/scimType")).isEqualTo("invalidFilter");
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @Test
    void writesAnswerWithTheGroupsAndClientsCannotSetThem() {
        Response patched = scim("PATCH", "/Users/" + member, token,
                patch("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}]"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(values(patched.body().get("groups"))).containsExactly(alpha, beta);

        String userName = user(member).get("userName").asText();
        Response replaced = scim("PUT", "/Users/" + member, token, "{\"userName\":\"" + userName + "\",\"title\":\"Lead\","
                + "\"groups\":[{\"value\":\"" + outer + "\"}]}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(values(replaced.body().get("groups"))).as("groups is read-only: ignored on PUT")
                .containsExactly(alpha, beta);
        assertThat(jdbc.queryForObject("SELECT attributes::text FROM scim_user WHERE user_id = ?", String.class, member))
                .as("never stored with the user").doesNotContain("groups");

        Response without = scim("PATCH", "/Users/" + member + query("excludedAttributes", "groups"), token,
                patch("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead 2\"}]"));
        assertThat(without.body().has("groups")).isFalse();
        Response created = scim("POST", "/Users", token, "{\"userName\":\"" + unique("fresh") + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("groups")).isFalse();
        scim("DELETE", "/Users/" + created.text("/id"), token, null);
    }

    @Test
    void groupsFollowRenamesAndMembershipChanges() {
        String other = newTenantToken();
        String id = create(other, "{\"userName\":\"" + unique("mover") + "\"}").get("id").asText();
        String group = scim("POST", "/Groups", other, "{\"displayName\":\"Before\",\"members\":[{\"value\":\"" + id
                + "\"}]}").text("/id");
        assertThat(scim("GET", "/Users/" + id, other, null).text("/groups/0/display")).isEqualTo("Before");
        scim("PATCH", "/Groups/" + group, other, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"After\"}]"));
        assertThat(scim("GET", "/Users/" + id, other, null).text("/groups/0/display")).isEqualTo("After");
        scim("PATCH", "/Groups/" + group, other, patch("[{\"op\":\"remove\",\"path\":\"members\"}]"));
        assertThat(scim("GET", "/Users/" + id, other, null).body().has("groups")).isFalse();
        scim("PATCH", "/Groups/" + group, other, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + id + "\"}]}]"));
        assertThat(scim("GET", "/Users/" + id, other, null).body().get("groups")).hasSize(1);
        assertThat(scim("DELETE", "/Groups/" + group, other, null).status()).isEqualTo(204);
        assertThat(scim("GET", "/Users/" + id, other, null).body().has("groups")).isFalse();
    }

    @Test
    void groupsAreNotReadWhenTheResponseDoesNotShowThem() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CompletableFuture<Void> locked = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            jdbc.execute("LOCK TABLE scim_group_member IN ACCESS EXCLUSIVE MODE");
            locked.complete(null);
            release.join();
        }));
        try {
            locked.get(10, TimeUnit.SECONDS);
            assertThat(user(member, "attributes", "userName,title").has("groups")).isFalse();
            assertThat(user(member, "excludedAttributes", "groups").has("groups")).isFalse();
            assertThat(ids(list(token, "excludedAttributes", "groups", "filter", "id eq \"" + member + "\"")))
                    .containsExactly(member);
        } finally {
            release.complete(null);
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThat(user(member, "attributes", "groups.display").get("groups").get(0).toString())
                .isEqualTo("{\"display\":\"Alpha Team\"}");
    }
}
