package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cursor pagination (RFC 9865) on {@code GET /Users}, {@code GET /Groups} and the {@code .search} bodies: keyset
 * pages in the list's stable order, so a client paging through never sees a resource twice or misses one while
 * others are added; opaque cursors that only this query of this tenant accepts.
 */
class CursorPaginationTest extends SearchTestSupport {

    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private List<String> users(String token, String... names) {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(create(token, "{\"userName\":\"" + name + "@example.com\",\"displayName\":\"" + name + "\"}")
                    .get("id").asText());
        }
        return ids;
    }

    private String group(String token, String displayName) {
        Response created = scim("POST", "/Groups", token, "{\"displayName\":\"" + displayName + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.text("/id");
    }

    /** Every page of a cursor-paginated GET, following nextCursor from an empty cursor. */
    private List<JsonNode> pages(String token, String path, String... nameValues) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            List<String> parameters = new ArrayList<>(List.of(nameValues));
            parameters.add("cursor");
            parameters.add(cursor);
            Response page = scim("GET", path + query(parameters.toArray(String[]::new)), token, null);
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            pages.add(page.body());
            cursor = page.body().has("nextCursor") ? page.body().get("nextCursor").asText() : null;
            assertThat(pages).hasSizeLessThan(100);
        }
        return pages;
    }

    private static List<String> names(List<JsonNode> pages, String attribute) {
        List<String> names = new ArrayList<>();
        pages.forEach(page -> page.get("Resources").forEach(r -> names.add(r.get(attribute).asText())));
        return names;
    }

    private static String searchBody(String members) {
        return "{\"schemas\":[\"" + SEARCH + "\"]," + members + "}";
    }

    @Test
    void cursorsWalkTheWholeListOnceInOrder() {
        String token = newTenantToken();
        users(token, "u1", "u2", "u3", "u4", "u5");
        List<JsonNode> pages = pages(token, "/Users", "count", "2");
        assertThat(pages).hasSize(3);
        assertThat(names(pages, "displayName")).containsExactly("u1", "u2", "u3", "u4", "u5");
        for (JsonNode page : pages) {
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            assertThat(page.has("startIndex")).as("cursor pages have no index").isFalse();
            assertThat(page.get("itemsPerPage").asInt()).isEqualTo(page.get("Resources").size());
        }
        assertThat(pages.get(0).get("nextCursor").asText()).matches("[A-Za-z0-9._~-]+");
        assertThat(pages.get(2).has("nextCursor")).as("absent on the last page").isFalse();
        Response bare = scim("GET", "/Users?filter=userName%20sw%20%22u%22&cursor&count=2", token, null);
        assertThat(bare.body().has("nextCursor")).as("RFC 9865's own form: ?cursor without a value").isTrue();
        assertThat(bare.body().has("startIndex")).isFalse();

        List<JsonNode> sorted = pages(token, "/Users", "count", "2", "sortBy", "displayName", "sortOrder", "descending",
                "filter", "displayName ne \"u3\"");
        assertThat(names(sorted, "displayName")).containsExactly("u5", "u4", "u2", "u1");
        assertThat(sorted).hasSize(2);

        Response absent = list(token, "count", "2");
        assertThat(absent.body().has("nextCursor")).as("index paging stays the default").isFalse();
        assertThat(absent.body().get("startIndex").asInt()).isEqualTo(1);
    }

    /**
     * RFC 9865's previousCursor: from the last page back to the first, the same pages in the same order, whatever
     * the sort (ascending, descending, with resources that have no value for the key); none on the first page.
     */
    @Test
    void previousCursorsWalkBackThroughTheSamePages() {
        String token = newTenantToken();
        users(token, "p1", "p2", "p3", "p4", "p5");
        create(token, "{\"userName\":\"p6@example.com\"}"); // no displayName: a NULL key, last ascending
        for (String[] order : new String[][]{{"displayName", "ascending"}, {"displayName", "descending"},
                {"userName", "descending"}}) {
            List<JsonNode> forwards = pages(token, "/Users", "count", "2", "sortBy", order[0], "sortOrder", order[1]);
            assertThat(forwards).hasSize(3);
            assertThat(forwards.get(0).has("previousCursor")).as("none on the first page").isFalse();
            List<JsonNode> backwards = new ArrayList<>();
            JsonNode page = forwards.get(2);
            while (page.has("previousCursor")) {
                Response previous = list(token, "count", "2", "sortBy", order[0], "sortOrder", order[1], "cursor",
                        page.get("previousCursor").asText());
                assertThat(previous.status()).as(previous.body().toString()).isEqualTo(200);
                page = previous.body();
                backwards.add(0, page);
                assertThat(backwards).hasSizeLessThan(10);
            }
            assertThat(names(backwards, "userName")).as(order[0] + " " + order[1])
                    .isEqualTo(names(forwards.subList(0, 2), "userName"));
            assertThat(backwards.get(1).get("nextCursor").asText()).as("a page reached backwards goes forwards too")
                    .isNotEmpty();
            Response again = list(token, "count", "2", "sortBy", order[0], "sortOrder", order[1], "cursor",
                    backwards.get(1).get("nextCursor").asText());
            assertThat(userNames(again)).isEqualTo(names(List.of(forwards.get(2)), "userName"));
        }
    }

    @Test
    void pagesStayStableWhileResourcesAreAddedAndRemoved() {
        String token = newTenantToken();
        List<String> ids = users(token, "b", "d", "f", "h");
        Response first = list(token, "sortBy", "userName", "count", "2", "cursor", "");
        assertThat(userNames(first)).containsExactly("b@example.com", "d@example.com");
        String cursor = first.text("/nextCursor");

        users(token, "a", "c", "z"); // one before the page seen, one between, one after
        assertThat(scim("DELETE", "/Users/" + ids.get(1), token, null).status()).as("the cursor's own row").isEqualTo(204);
        List<String> rest = new ArrayList<>();
        while (cursor != null) {
            Response page = list(token, "sortBy", "userName", "count", "2", "cursor", cursor);
            rest.addAll(userNames(page));
            cursor = page.body().has("nextCursor") ? page.text("/nextCursor") : null;
        }
        assertThat(rest).as("nothing seen twice, nothing after the cursor missed")
                .containsExactly("f@example.com", "h@example.com", "z@example.com");

        Response byIndex = list(token, "sortBy", "userName", "count", "2", "startIndex", "3");
        assertThat(userNames(byIndex)).as("index paging, by contrast, shifts").containsExactly("c@example.com",
                "f@example.com");
    }

    @Test
    void groupsAndSearchBodiesPageByCursorToo() {
        String token = newTenantToken();
        users(token, "p1", "p2", "p3");
        for (String name : List.of("G1", "G2", "G3")) {
            group(token, name);
        }
        assertThat(names(pages(token, "/Groups", "count", "1", "excludedAttributes", "members"), "displayName"))
                .containsExactly("G1", "G2", "G3");

        Response first = scim("POST", "/Groups/.search", token, searchBody("\"cursor\":\"\",\"count\":2,"
                + "\"sortBy\":\"displayName\",\"sortOrder\":\"descending\""));
        assertThat(names(List.of(first.body()), "displayName")).containsExactly("G3", "G2");
        Response second = scim("POST", "/Groups/.search", token, searchBody("\"cursor\":\"" + first.text("/nextCursor")
                + "\",\"count\":2,\"sortBy\":\"displayName\",\"sortOrder\":\"descending\""));
        assertThat(names(List.of(second.body()), "displayName")).containsExactly("G1");
        assertThat(second.body().has("nextCursor")).isFalse();

        Response users = scim("POST", "/Users/.search", token, searchBody("\"cursor\":\"\",\"count\":2"));
        assertThat(userNames(users)).containsExactly("p1@example.com", "p2@example.com");
        Response more = scim("POST", "/Users/.search", token, searchBody("\"cursor\":\"" + users.text("/nextCursor")
                + "\",\"count\":2"));
        assertThat(userNames(more)).containsExactly("p3@example.com");
    }

    @Test
    void theRootSearchPagesThroughUsersThenGroups() {
        String token = newTenantToken();
        users(token, "r1", "r2", "r3");
        group(token, "R-G1");
        group(token, "R-G2");
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            Response page = scim("POST", "/.search", token, searchBody("\"cursor\":\"" + cursor + "\",\"count\":3,"
                    + "\"attributes\":[\"displayName\"]"));
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            assertThat(page.body().get("totalResults").asInt()).isEqualTo(5);
            page.body().get("Resources").forEach(r -> seen.add(r.get("displayName").asText()));
            sizes.add(page.body().get("Resources").size());
            cursor = page.body().has("nextCursor") ? page.text("/nextCursor") : null;
        }
        assertThat(seen).containsExactly("r1", "r2", "r3", "R-G1", "R-G2");
        assertThat(sizes).as("a page that ends exactly with the users points at the groups").containsExactly(3, 2);

        List<String> twos = new ArrayList<>();
        cursor = "";
        while (cursor != null) {
            Response page = scim("POST", "/.search", token, searchBody("\"cursor\":\"" + cursor + "\",\"count\":2"));
            page.body().get("Resources").forEach(r -> twos.add(r.get("displayName").asText()));
            cursor = page.body().has("nextCursor") ? page.text("/nextCursor") : null;
        }
        assertThat(twos).as("a page that mixes users and groups").containsExactly("r1", "r2", "r3", "R-G1", "R-G2");
    }

    @Test
    void aCursorIsOnlyGoodForItsOwnTenantEndpointAndQuery() {
        String token = newTenantToken();
        users(token, "c1", "c2", "c3");
        String cursor = list(token, "count", "1", "cursor", "").text("/nextCursor");
        String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("AA") ? "BB" : "AA");

        assertInvalidCursor(list(token, "count", "1", "cursor", tampered));
        assertInvalidCursor(list(token, "count", "1", "cursor", "not-a-cursor"));
        assertInvalidCursor(list(token, "count", "1", "cursor", "a b/c"));
        assertInvalidCursor(list(newTenantToken(), "count", "1", "cursor", cursor));
        assertInvalidCursor(list(token, "count", "1", "cursor", cursor, "filter", "userName pr"));
        assertInvalidCursor(list(token, "count", "1", "cursor", cursor, "sortBy", "userName"));
        assertInvalidCursor(scim("GET", "/Groups" + query("cursor", cursor), token, null));
        assertInvalidCursor(scim("POST", "/.search", token, searchBody("\"cursor\":\"" + cursor + "\"")));
        assertThat(list(token, "count", "5", "cursor", cursor, "attributes", "id").status())
                .as("count and attributes may differ between pages").isEqualTo(200);

        Response both = list(token, "startIndex", "1", "cursor", "");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.text("/scimType")).isEqualTo("invalidValue");
        Response none = list(token, "count", "0", "cursor", "");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.text("/scimType")).isEqualTo("invalidCount");
        Response posted = scim("POST", "/Users/.search", token, searchBody("\"cursor\":\"\",\"startIndex\":2"));
        assertThat(posted.status()).isEqualTo(400);
    }

    private static void assertInvalidCursor(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo("invalidCursor");
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void serviceProviderConfigAdvertisesBothMethods() {
        JsonNode pagination = scim("GET", "/ServiceProviderConfig", newTenantToken(), null).body().get("pagination");
        assertThat(pagination.get("cursor").asBoolean()).isTrue();
        assertThat(pagination.get("index").asBoolean()).isTrue();
        assertThat(pagination.get("defaultPaginationMethod").asText()).isEqualTo("index");
        assertThat(pagination.get("defaultPageSize").asInt()).isEqualTo(100);
        assertThat(pagination.get("maxPageSize").asInt()).isEqualTo(1000);
        assertThat(pagination.get("cursorTimeout").asInt()).isEqualTo(3600);
    }
}
