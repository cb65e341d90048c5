package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Groups have the same protocol surface as users: every Group attribute filterable as the schema types it
 * (members through the membership table), sortBy/sortOrder, attributes/excludedAttributes on every response,
 * {@code POST /Groups/.search}, {@code If-None-Match}; members never read when the response does not show them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupSearchTest extends SearchTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private String token;
    private String alice;
    private String bob;
    private String sales;
    private String engineering;
    private String leads;

    @BeforeAll
    void twoUsersAndThreeGroups() {
        token = newTenantToken();
        alice = create(token, "{\"userName\":\"" + unique("alice") + "\",\"displayName\":\"Alice A\"}").get("id").asText();
        bob = create(token, "{\"userName\":\"" + unique("bob") + "\",\"displayName\":\"Bob B\"}").get("id").asText();
        sales = group("Sales", "ext-sales");
        engineering = group("Engineering", "EXT-eng", alice, bob);
        leads = group("Eng Leads", "A-leads", alice, engineering);
    }

    private String group(String displayName, String externalId, String... members) {
        Response created = scim("POST", "/Groups", token, body(displayName, externalId, members));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("/id");
    }

    private static String body(String displayName, String externalId, String... members) {
        StringBuilder list = new StringBuilder();
        for (String member : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + displayName
                + "\",\"externalId\":\"" + externalId + "\",\"members\":[" + list + "]}";
    }

    private Response groups(String... nameValues) {
        return scim("GET", "/Groups" + query(nameValues), token, null);
    }

    private static List<String> displayNames(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.body().get("Resources").forEach(g -> names.add(g.get("displayName").asText()));
        return names;
    }

    private static List<String> fields(JsonNode resource) {
        List<String> names = new ArrayList<>();
        resource.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String withIds(String text) {
        return text.replace("ALICE_UPPER", alice.toUpperCase(Locale.ROOT)).replace("ALICE", alice).replace("BOB", bob)
                .replace("ENGINEERING", engineering);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "displayName eq \"engineering\"                      | Engineering",
            "displayName sw \"ENG\"                              | Eng Leads,Engineering",
            "displayName gt \"Eng Leads\"                        | Engineering,Sales",
            "externalId eq \"EXT-eng\"                           | Engineering",
            "externalId eq \"ext-eng\"                           | ",
            "id eq \"ENGINEERING\"                               | Engineering",
            "members.value eq \"ALICE\"                          | Eng Leads,Engineering",
            "members eq \"BOB\"                                  | Engineering",
            "members[value eq \"ALICE_UPPER\"]                   | Eng Leads,Engineering",
            "members[type eq \"group\"]                          | Eng Leads",
            "members[value eq \"ALICE\" and type eq \"User\"]    | Eng Leads,Engineering",
            "members.display eq \"bob b\"                        | Engineering",
            "members[display eq \"Engineering\"]                 | Eng Leads",
            "not (members pr)                                    | Sales",
            "members pr and displayName ew \"leads\"             | Eng Leads",
            "not (members.value eq \"BOB\")                      | Eng Leads,Sales",
            "meta.created gt \"2000-01-01T00:00:00Z\"            | Eng Leads,Engineering,Sales",
            "meta.resourceType eq \"Group\"                      | Eng Leads,Engineering,Sales",
            "schemas eq \"urn:ietf:params:scim:schemas:core:2.0:Group\" | Eng Leads,Engineering,Sales",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"Sales\" | Sales",
    })
    void everyGroupAttributeFiltersAsTheSchemaTypesIt(String filter, String expected) {
        List<String> found = displayNames(groups("filter", withIds(filter), "sortBy", "displayName",
                "excludedAttributes", "members"));
        assertThat(found).containsExactlyElementsOf(
                expected == null ? List.of() : Arrays.asList(expected.split(",")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "members.$ref pr",                                  // depends on the URL the client called
            "userName eq \"x\"",
            "nope pr",
            "displayName eq 5",
            "members eq true",
            "meta.created eq \"yesterday\"",
            "members[nope eq \"x\"]",
            "displayName eq \"a\\u0000b\"",                      // an escaped NUL: PostgreSQL text cannot hold it
            "members.value eq \"\\u0000\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"",
            "displayName sw O"})
    void whatGroupsCannotBeFilteredByIsInvalidFilter(String filter) {
        Response response = groups("filter", filter);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo("invalidFilter");
        Response posted = scim("POST", "/Groups/.search", token, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "SearchRequest\"],\"filter\":" + JSON.valueToTree(filter) + "}");
        assertThat(posted.status()).isEqualTo(400);
        assertThat(posted.text("/scimType")).isEqualTo("invalidFilter");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "filter     | members[value eq \"\\u0000\" or display eq \"\\ud800\"]",
            "filter     | meta.lastModified gt \"99999999-01-01T00:00:00Z\"",
            "filter     | ((((((((((((((((((((displayName pr))))))))))))))))))))",
            "sortBy     | members.$ref",
            "sortBy     | ' OR 1=1 --",
            "sortOrder  | sideways",
            "startIndex | 99999999999999999999999",
            "count      | -1e9",
            "cursor     | %%%",
            "attributes | ,,,[[[\""})
    void hostileParametersAreNeverAServerError(String parameter, String value) {
        Response response = groups(parameter, value);
        assertThat(response.status()).as(response.body().toString()).isLessThan(500);
    }

    @Test
    void sortByAndSortOrderOrderGroups() {
        assertThat(displayNames(groups("sortBy", "displayName"))).containsExactly("Eng Leads", "Engineering", "Sales");
        assertThat(displayNames(groups("sortBy", "DISPLAYNAME", "sortOrder", "descending")))
                .containsExactly("Sales", "Engineering", "Eng Leads");
        assertThat(displayNames(groups("sortBy", "externalId"))).as("caseExact: code-point order")
                .containsExactly("Eng Leads", "Engineering", "Sales");
        assertThat(displayNames(groups("sortBy", "meta.created", "sortOrder", "descending")))
                .containsExactly("Eng Leads", "Engineering", "Sales");
        assertThat(displayNames(groups())).as("default: creation order").containsExactly("Sales", "Engineering", "Eng Leads");
        assertThat(displayNames(groups("sortBy", "displayName", "startIndex", "2", "count", "1")))
                .containsExactly("Engineering");
        Response unsortable = groups("sortBy", "userName");
        assertThat(unsortable.status()).isEqualTo(400);
        assertThat(unsortable.text("/scimType")).isEqualTo("invalidValue");
        assertThat(groups("sortBy", "displayName", "sortOrder", "up").text("/scimType")).isEqualTo("invalidValue");
    }

    @Test
    void everyGroupResponseHonoursAttributesAndExcludedAttributes() {
        JsonNode listed = groups("filter", "displayName eq \"Engineering\"", "attributes", "displayName").body()
                .at("/Resources/0");
        assertThat(fields(listed)).containsExactlyInAnyOrder("schemas", "id", "displayName");

        JsonNode one = scim("GET", "/Groups/" + engineering + query("attributes", "members.value,externalId"), token, null)
                .body();
        assertThat(fields(one)).containsExactlyInAnyOrder("schemas", "id", "members", "externalId");
        assertThat(fields(one.at("/members/0"))).containsExactly("value");

        JsonNode without = scim("GET", "/Groups/" + engineering + query("excludedAttributes", "members,meta"), token, null)
                .body();
        assertThat(fields(without)).containsExactlyInAnyOrder("schemas", "id", "displayName", "externalId");

        String other = newTenantToken(); // writes in a tenant of their own: the other tests count this one's groups
        String member = create(other, "{\"userName\":\"" + unique("member") + "\"}").get("id").asText();
        Response created = scim("POST", "/Groups" + query("excludedAttributes", "members"), other,
                body("Projected", "ext-p", member));
        assertThat(created.status()).isEqualTo(201);
        assertThat(fields(created.body())).contains("displayName", "meta").doesNotContain("members");
        String id = created.text("/id");
        Response replaced = scim("PUT", "/Groups/" + id + query("attributes", "members"), other,
                body("Projected", "ext-p2", member));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(fields(replaced.body())).containsExactlyInAnyOrder("schemas", "id", "members");
        assertThat(replaced.body().get("members")).hasSize(1);
        assertThat(replaced.header("ETag")).isEqualTo(scim("GET", "/Groups/" + id, other, null).header("ETag"));
    }

    @Test
    void membersAreNotReadWhenTheResponseDoesNotShowThem() throws Exception {
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
            // the membership table cannot be read now: whatever answers did not read it
            assertThat(scim("GET", "/Groups/" + engineering + "?excludedAttributes=members", token, null).status())
                    .isEqualTo(200);
            assertThat(scim("GET", "/Groups/" + engineering + "?attributes=displayName", token, null).status())
                    .isEqualTo(200);
            assertThat(displayNames(groups("filter", "displayName eq \"Engineering\"", "excludedAttributes", "members")))
                    .containsExactly("Engineering");
            CompletableFuture<Response> withMembers = CompletableFuture.supplyAsync(
                    () -> scim("GET", "/Groups/" + engineering, token, null));
            assertThatThrownBy(() -> withMembers.get(1, TimeUnit.SECONDS)).as("showing members reads them")
                    .isInstanceOf(TimeoutException.class);
            release.complete(null);
            assertThat(withMembers.get(10, TimeUnit.SECONDS).body().get("members")).hasSize(2);
        } finally {
            release.complete(null);
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void searchByPostIsTheSameSearchAsGet() {
        Response posted = scim("POST", "/Groups/.search", token, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"members[value eq \\"%s\\"]","sortBy":"displayName","sortOrder":"descending",
                 "attributes":["displayName","members.value"],"startIndex":1,"count":5}""".formatted(alice));
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.header("Content-Type")).startsWith("application/scim+json");
        assertThat(displayNames(posted)).containsExactly("Engineering", "Eng Leads");
        Response got = groups("filter", "members[value eq \"" + alice + "\"]", "sortBy", "displayName",
                "sortOrder", "descending", "attributes", "displayName,members.value", "startIndex", "1", "count", "5");
        assertThat(posted.body()).isEqualTo(got.body());
        assertThat(scim("POST", "/Groups/.search", token, "{\"filter\":\"displayName pr\"}").text("/scimType"))
                .isEqualTo("invalidSyntax");
    }

    @Test
    void aCurrentETagIsNotModified() {
        String path = BASE + "/Groups/" + sales;
        String etag = scim("GET", "/Groups/" + sales, token, null).header("ETag");
        Response current = call("GET", path, token, null, "If-None-Match", etag);
        assertThat(current.status()).isEqualTo(304);
        assertThat(current.header("ETag")).isEqualTo(etag);
        assertThat(current.raw().body()).isEmpty();
        assertThat(call("GET", path, token, null, "If-None-Match", "*").status()).isEqualTo(304);
        assertThat(call("GET", path + "?excludedAttributes=members", token, null, "If-None-Match", "W/\"99\", " + etag)
                .status()).isEqualTo(304);
        Response stale = call("GET", path, token, null, "If-None-Match", "W/\"99\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text("/displayName")).isEqualTo("Sales");
        assertThat(call("GET", BASE + "/Groups/" + java.util.UUID.randomUUID(), token, null, "If-None-Match", "*")
                .status()).isEqualTo(404);
    }
}
