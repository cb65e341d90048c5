package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /Users/.search} and {@code POST /.search} (RFC 7644 §3.4.3). */
class SearchByPostTest extends SearchTestSupport {

    private static String searchRequest(String members) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]" + (members.isEmpty() ? "" : ",")
                + members + "}";
    }

    @Test
    void postedSearchAnswersAsTheSameQueryByGet() {
        String token = newTenantToken();
        for (String name : new String[]{"smith.b", "smith.a", "jones"}) {
            create(token, entraUser(name + "@example.com", name));
        }
        Response posted = scim("POST", "/Users/.search", token, searchRequest("""
                "attributes":["displayName","userName"],"filter":"userName sw \\"smith\\"",
                "sortBy":"userName","sortOrder":"descending","startIndex":1,"count":10"""));
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.header("Content-Type")).startsWith("application/scim+json");
        assertThat(posted.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(userNames(posted)).containsExactly("smith.b@example.com", "smith.a@example.com");
        Response got = list(token, "attributes", "displayName,userName", "filter", "userName sw \"smith\"",
                "sortBy", "userName", "sortOrder", "descending", "startIndex", "1", "count", "10");
        assertThat(posted.body()).isEqualTo(got.body());
        JsonNode first = posted.body().at("/Resources/0");
        assertThat(first.has("emails")).isFalse();
        assertThat(first.get("displayName").asText()).isEqualTo("Test User");
    }

    @Test
    void rootSearchFindsUsers() {
        String token = newTenantToken();
        String userName = unique("root");
        create(token, entraUser(userName, "root-1"));
        create(token, entraUser(unique("other"), "root-2"));
        Response found = scim("POST", "/.search", token, searchRequest(
                "\"filter\":\"userName eq \\\"" + userName + "\\\"\",\"excludedAttributes\":[\"emails\"]"));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.text("/Resources/0/meta/resourceType")).isEqualTo("User");
        assertThat(found.body().at("/Resources/0").has("emails")).isFalse();
        Response all = scim("POST", "/.search", token, searchRequest("\"count\":1"));
        assertThat(all.body().get("totalResults").asInt()).isEqualTo(2);
        assertThat(all.body().get("itemsPerPage").asInt()).isEqualTo(1);
    }

    @Test
    void malformedSearchRequestsAreBadRequests() {
        String token = newTenantToken();
        assertThat(scim("POST", "/Users/.search", token, "{\"filter\":\"userName pr\"}").text("/scimType"))
                .as("schemas must name SearchRequest").isEqualTo("invalidSyntax");
        assertThat(scim("POST", "/Users/.search", token, "not json").text("/scimType")).isEqualTo("invalidSyntax");
        assertThat(scim("POST", "/Users/.search", token, "").status()).isEqualTo(400);
        assertThat(scim("POST", "/.search", token, searchRequest("\"filter\":\"userName eq\"")).text("/scimType"))
                .isEqualTo("invalidFilter");
        assertThat(scim("POST", "/.search", token, searchRequest("\"filter\":\"password pr\"")).text("/scimType"))
                .isEqualTo("invalidFilter");
        assertThat(scim("POST", "/Users/.search", token, searchRequest("\"sortBy\":\"nope\"")).text("/scimType"))
                .isEqualTo("invalidValue");
        assertThat(scim("POST", "/Users/.search", token, searchRequest("\"count\":\"many\"")).text("/scimType"))
                .isEqualTo("invalidValue");
        assertThat(scim("POST", "/Users/.search", token, searchRequest("\"attributes\":{\"a\":1}")).text("/scimType"))
                .isEqualTo("invalidValue");
    }

    @Test
    void searchIsOnlyByPost() {
        Response get = scim("GET", "/.search", newTenantToken(), null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.text("/status")).isEqualTo("405");
        assertThat(get.header("Allow")).contains("POST");
    }
}
