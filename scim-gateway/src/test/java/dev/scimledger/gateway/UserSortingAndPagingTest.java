package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** sortBy / sortOrder (RFC 7644 §3.4.2.3) and startIndex / count (§3.4.2.4) over the same attributes as filters. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSortingAndPagingTest extends SearchTestSupport {

    private static final String ANNA = "anna@example.com";
    private static final String BEN = "Ben@example.com";
    private static final String CARL = "carl@example.com";

    private String token;
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    void threeUsersCreatedInReverseAlphabeticalOrder() {
        token = newTenantToken();
        ids.add(create(token, """
                {"userName":"carl@example.com","externalId":"b-carl","title":"Zookeeper","userType":"Employee",
                 "name":{"familyName":"Adams"},
                 "emails":[{"type":"home","value":"aaa@example.com"},{"type":"work","value":"zed@example.com","primary":true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}""")
                .get("id").asText());
        ids.add(create(token, """
                {"userName":"Ben@example.com","externalId":"B-ben","userType":"Employee","name":{"familyName":"brown"},
                 "emails":[{"type":"work","value":"mid@example.com"}]}""").get("id").asText());
        ids.add(create(token, """
                {"userName":"anna@example.com","externalId":"a-anna","title":"Analyst","userType":"Intern",
                 "name":{"familyName":"Cole"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Accounting"}}""")
                .get("id").asText());
    }

    private List<String> sorted(String... parameters) {
        return userNames(list(token, parameters));
    }

    @Test
    void withoutSortByUsersComeInCreationOrder() {
        assertThat(sorted()).containsExactly(CARL, BEN, ANNA);
        assertThat(sorted("sortOrder", "descending")).as("sortOrder alone changes nothing").containsExactly(CARL, BEN, ANNA);
    }

    @ParameterizedTest(name = "sortBy={0} {1}")
    @CsvSource({
            "userName, ascending, anna@example.com Ben@example.com carl@example.com",
            "userName, descending, carl@example.com Ben@example.com anna@example.com",
            "USERNAME, DESCENDING, carl@example.com Ben@example.com anna@example.com",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName, , anna@example.com Ben@example.com carl@example.com",
            "name.familyName, ascending, carl@example.com Ben@example.com anna@example.com",
            "meta.created, descending, anna@example.com Ben@example.com carl@example.com",
            "meta.lastModified, ascending, carl@example.com Ben@example.com anna@example.com",
            "id, ascending, SORTED_BY_ID",
    })
    void sortsByTheNamedAttribute(String sortBy, String sortOrder, String expected) {
        List<String> order = sorted("sortBy", sortBy, "sortOrder", sortOrder == null ? "" : sortOrder);
        if (expected.equals("SORTED_BY_ID")) {
            assertThat(idsOf(list(token, "sortBy", sortBy))).isSorted();
        } else {
            assertThat(order).containsExactly(expected.split(" "));
        }
    }

    @Test
    void caseExactStringsSortByCodePointOthersIgnoringCase() {
        // externalId is caseExact: "B-ben" < "a-anna" < "b-carl" in code-point order
        assertThat(sorted("sortBy", "externalId")).containsExactly(BEN, ANNA, CARL);
        // userName is not: anna < Ben < carl
        assertThat(sorted("sortBy", "userName")).containsExactly(ANNA, BEN, CARL);
    }

    @Test
    void missingValuesSortLastAscendingAndFirstDescending() {
        assertThat(sorted("sortBy", "title")).containsExactly(ANNA, CARL, BEN);
        assertThat(sorted("sortBy", "title", "sortOrder", "descending")).containsExactly(BEN, CARL, ANNA);
        assertThat(sorted("sortBy", ENTERPRISE + ":department")).containsExactly(ANNA, CARL, BEN);
    }

    @Test
    void multiValuedAttributesSortByTheirPrimaryValueElseTheFirst() {
        // carl: primary zed@ (his first value aaa@ would sort him first); ben: only mid@; anna: none (last)
        assertThat(sorted("sortBy", "emails")).containsExactly(BEN, CARL, ANNA);
        assertThat(sorted("sortBy", "emails.value")).containsExactly(BEN, CARL, ANNA);
        // by type: anna has none (first when descending); ben's and carl's are both "work", a tie broken by id
        assertThat(sorted("sortBy", "emails.type", "sortOrder", "descending")).startsWith(ANNA).hasSize(3);
    }

    @Test
    void tiesAreBrokenByIdSoPagesNeverOverlap() {
        List<String> byType = idsOf(list(token, "sortBy", "userType"));
        List<String> employees = new ArrayList<>(List.of(ids.get(0), ids.get(1)));
        employees.sort(null);
        assertThat(byType.subList(0, 2)).isEqualTo(employees);
        assertThat(byType.get(2)).isEqualTo(ids.get(2));
        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= 3; start++) {
            Response page = list(token, "sortBy", "userType", "startIndex", String.valueOf(start), "count", "1");
            assertThat(page.body().get("totalResults").asInt()).isEqualTo(3);
            assertThat(page.body().get("itemsPerPage").asInt()).isEqualTo(1);
            assertThat(page.body().get("startIndex").asInt()).isEqualTo(start);
            paged.addAll(idsOf(page));
        }
        assertThat(paged).isEqualTo(byType);
    }

    @Test
    void pagingKeepsTotalResultsRight() {
        Response page = list(token, "sortBy", "userName", "startIndex", "2", "count", "1");
        assertThat(userNames(page)).containsExactly(BEN);
        assertThat(page.body().get("totalResults").asInt()).isEqualTo(3);
        Response beyond = list(token, "startIndex", "10");
        assertThat(beyond.body().get("totalResults").asInt()).isEqualTo(3);
        assertThat(beyond.body().get("Resources")).isEmpty();
        assertThat(beyond.body().get("itemsPerPage").asInt()).isZero();
        Response none = list(token, "count", "0");
        assertThat(none.body().get("totalResults").asInt()).isEqualTo(3);
        assertThat(none.body().get("Resources")).isEmpty();
        Response negative = list(token, "count", "-1", "startIndex", "-4");
        assertThat(negative.body().get("Resources")).as("a negative count means 0").isEmpty();
        assertThat(negative.body().get("startIndex").asInt()).as("startIndex below 1 means 1").isEqualTo(1);
        Response filtered = list(token, "filter", "userType eq \"Employee\"", "sortBy", "userName", "count", "1");
        assertThat(filtered.body().get("totalResults").asInt()).isEqualTo(2);
        assertThat(userNames(filtered)).containsExactly(BEN);
    }

    @ParameterizedTest(name = "sortBy={0} sortOrder={1}")
    @CsvSource({
            "nope, ",
            "name, ",
            "addresses, ",
            "password, ",
            "schemas, ",
            "meta.location, ",
            "department, ",
            "'emails[type eq \"work\"]', ",
            "userName, sideways",
            "userName, 1"})
    void unsortableSortByOrUnknownSortOrderIsInvalidValue(String sortBy, String sortOrder) {
        Response response = list(token, "sortBy", sortBy, "sortOrder", sortOrder == null ? "" : sortOrder);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo("invalidValue");
    }

    @Test
    void nonIntegerPagingIsInvalidValue() {
        assertThat(list(token, "count", "ten").text("/scimType")).isEqualTo("invalidValue");
        assertThat(list(token, "startIndex", "1.5").status()).isEqualTo(400);
    }

    private static List<String> idsOf(Response response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode user : response.body().get("Resources")) {
            ids.add(user.get("id").asText());
        }
        return ids;
    }
}
