package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /.search} (RFC 7644 §3.4.3) returns users and groups: the users, then the groups, as one list paged
 * as one; the filter and sortBy apply to each resource type that has their attributes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootSearchTest extends SearchTestSupport {

    private String token;
    private String carol;

    @BeforeAll
    void threeUsersAndTwoGroups() {
        token = newTenantToken();
        carol = create(token, "{\"userName\":\"carol@example.com\",\"displayName\":\"Carol\"}").get("id").asText();
        create(token, "{\"userName\":\"adam@example.com\",\"displayName\":\"Adam\"}");
        create(token, "{\"userName\":\"bea@example.com\",\"displayName\":\"Bea\"}");
        for (String group : new String[]{"Zeta", "Alpha"}) {
            Response created = scim("POST", "/Groups", token, "{\"displayName\":\"" + group + "\",\"members\":[{\"value\":\""
                    + carol + "\"}]}");
            assertThat(created.status()).isEqualTo(201);
        }
    }

    private Response search(String members) {
        return scim("POST", "/.search", token, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]"
                + (members.isEmpty() ? "" : "," + members) + "}");
    }

    /** "Type:displayName" of each resource, in order. */
    private static List<String> found(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        for (JsonNode resource : response.body().get("Resources")) {
            found.add(resource.at("/meta/resourceType").asText() + ":" + resource.get("displayName").asText());
        }
        return found;
    }

    @Test
    void usersThenGroupsEachInTheirOrder() {
        Response all = search("");
        assertThat(all.body().get("totalResults").asInt()).isEqualTo(5);
        assertThat(found(all)).containsExactly("User:Carol", "User:Adam", "User:Bea", "Group:Zeta", "Group:Alpha");
        assertThat(all.body().at("/Resources/3/members")).as("groups with their members by default").hasSize(1);
        assertThat(all.body().at("/Resources/0/groups")).as("users with their groups").hasSize(2);
    }

    @ParameterizedTest(name = "startIndex={0} count={1}")
    @CsvSource({
            "1, 2, User:Carol User:Adam",
            "3, 2, User:Bea Group:Zeta",
            "4, 5, Group:Zeta Group:Alpha",
            "5, 1, Group:Alpha",
            "6, 1, ",
            "2, 0, "})
    void pagingByIndexRunsAcrossBothTypes(int startIndex, int count, String expected) {
        Response page = search("\"startIndex\":" + startIndex + ",\"count\":" + count);
        assertThat(found(page)).containsExactlyElementsOf(expected == null ? List.of() : Arrays.asList(expected.split(" ")));
        assertThat(page.body().get("totalResults").asInt()).isEqualTo(5);
        assertThat(page.body().get("startIndex").asInt()).isEqualTo(startIndex);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "userName sw \"c\"                 | 1 | User:Carol",
            "displayName sw \"A\"              | 2 | User:Adam Group:Alpha",
            "members.value eq \"CAROL\"        | 2 | Group:Zeta Group:Alpha",
            "groups.display eq \"zeta\"        | 1 | User:Carol",
            "meta.resourceType eq \"Group\"    | 2 | Group:Zeta Group:Alpha",
            "schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\" | 3 | User:Carol User:Adam User:Bea"})
    void theFilterAppliesToEachTypeThatHasItsAttributes(String filter, int total, String expected) {
        Response page = search("\"filter\":" + JSON.valueToTree(filter.replace("CAROL", carol)));
        assertThat(found(page)).containsExactly(expected.split(" "));
        assertThat(page.body().get("totalResults").asInt()).isEqualTo(total);
    }

    @Test
    void sortByOrdersEachTypeThatHasTheAttribute() {
        assertThat(found(search("\"sortBy\":\"displayName\"")))
                .containsExactly("User:Adam", "User:Bea", "User:Carol", "Group:Alpha", "Group:Zeta");
        assertThat(found(search("\"sortBy\":\"displayName\",\"sortOrder\":\"descending\"")))
                .containsExactly("User:Carol", "User:Bea", "User:Adam", "Group:Zeta", "Group:Alpha");
        assertThat(found(search("\"sortBy\":\"userName\",\"sortOrder\":\"descending\"")))
                .as("groups have no userName: their default order")
                .containsExactly("User:Carol", "User:Bea", "User:Adam", "Group:Zeta", "Group:Alpha");
    }

    @Test
    void onlyWhatNoTypeCanTakeIsRefused() {
        Response filter = search("\"filter\":\"nope eq \\\"x\\\"\"");
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.text("/scimType")).isEqualTo("invalidFilter");
        Response value = search("\"filter\":\"displayName eq \\\"a\\\\u0000\\\"\"");
        assertThat(value.status()).isEqualTo(400);
        assertThat(value.text("/scimType")).isEqualTo("invalidFilter");
        Response sort = search("\"sortBy\":\"nope\"");
        assertThat(sort.status()).isEqualTo(400);
        assertThat(sort.text("/scimType")).isEqualTo("invalidValue");
    }

    @Test
    void attributesApplyToEachTypeBySchema() {
        Response page = search("\"attributes\":[\"displayName\"]");
        JsonNode user = page.body().at("/Resources/0");
        JsonNode group = page.body().at("/Resources/3");
        List<String> userFields = new ArrayList<>();
        user.fieldNames().forEachRemaining(userFields::add);
        List<String> groupFields = new ArrayList<>();
        group.fieldNames().forEachRemaining(groupFields::add);
        assertThat(userFields).containsExactlyInAnyOrder("schemas", "id", "userName", "displayName");
        assertThat(groupFields).containsExactlyInAnyOrder("schemas", "id", "displayName");
        assertThat(search("\"excludedAttributes\":[\"members\",\"groups\"]").body().at("/Resources/3").has("members")).isFalse();
    }
}
