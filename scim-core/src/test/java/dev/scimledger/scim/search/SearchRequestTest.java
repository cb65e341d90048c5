package dev.scimledger.scim.search;

import dev.scimledger.scim.Json;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchRequestTest {

    @Test
    void query_parameters_are_validated_and_normalised() {
        SearchRequest r = SearchRequest.fromQuery("userName sw \"j\"", "userName, emails", "meta", " name.familyName ",
                "DESCENDING", "3", "10");
        assertThat(r.filter()).isEqualTo("userName sw \"j\"");
        assertThat(r.attributes()).containsExactly("userName", "emails");
        assertThat(r.excludedAttributes()).containsExactly("meta");
        assertThat(r.sortBy()).isEqualTo("name.familyName");
        assertThat(r.descending()).isTrue();
        assertThat(r.startIndex()).isEqualTo(3);
        assertThat(r.count()).isEqualTo(10);
    }

    @Test
    void absent_and_blank_parameters_take_the_defaults() {
        SearchRequest r = SearchRequest.fromQuery(" ", null, "", null, null, null, " ");
        assertThat(r.filter()).isNull();
        assertThat(r.attributes()).isEmpty();
        assertThat(r.sortBy()).isNull();
        assertThat(r.descending()).isFalse();
        assertThat(r.startIndex()).isEqualTo(1);
        assertThat(r.count()).isNull();
        assertThat(r.pageSize(100, 1000)).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({"0, -5, 1, 0", "-3, 0, 1, 0", "99999999999999999999, 99999999999, 2147483647, 1000", "+7, 007, 7, 7"})
    void paging_is_clamped_as_rfc_7644_says(String startIndex, String count, int start, int size) {
        SearchRequest r = SearchRequest.fromQuery(null, null, null, null, null, startIndex, count);
        assertThat(r.startIndex()).isEqualTo(start);
        assertThat(r.pageSize(100, 1000)).isEqualTo(size);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userName eq       | | | | invalidFilter",
            "                  | a b c | | | invalidValue",
            "                  | name.familyName | upward | | invalidValue",
            "                  | | | x1 | invalidValue",
            "                  | | | 1.5 | invalidValue"})
    void bad_parameters_are_400(String filter, String sortBy, String sortOrder, String count, String scimType) {
        assertThatThrownBy(() -> SearchRequest.fromQuery(filter, null, null, sortBy, sortOrder, null, count))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType().wireName()).isEqualTo(scimType);
                });
    }

    @Test
    void a_filter_with_a_nul_character_is_refused() {
        assertThatThrownBy(() -> SearchRequest.fromQuery("userName eq \"a\0\"", null, null, null, null, null, null))
                .isInstanceOf(ScimException.class).hasMessageContaining("NUL");
    }

    @Test
    void the_body_of_rfc_7644_section_3_4_3_is_read() {
        SearchRequest r = SearchRequest.fromBody(Json.parse("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "attributes": ["displayName", "userName"],
                 "filter": "displayName sw \\"smith\\"",
                 "startIndex": 1,
                 "count": 10}"""));
        assertThat(r.attributes()).containsExactly("displayName", "userName");
        assertThat(r.filter()).isEqualTo("displayName sw \"smith\"");
        assertThat(r.count()).isEqualTo(10);
        assertThat(r.startIndex()).isEqualTo(1);
    }

    @Test
    void body_members_are_case_insensitive_and_nulls_are_absent() {
        SearchRequest r = SearchRequest.fromBody(Json.parse("""
                {"SCHEMAS": ["urn:ietf:params:scim:api:messages:2.0:searchrequest"],
                 "ExcludedAttributes": "emails,meta", "SortBy": "userName", "sortorder": "descending",
                 "filter": null, "count": 2.0, "startIndex": "4", "unknown": {"x": 1}}"""));
        assertThat(r.excludedAttributes()).containsExactly("emails", "meta");
        assertThat(r.sortBy()).isEqualTo("userName");
        assertThat(r.descending()).isTrue();
        assertThat(r.filter()).isNull();
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.startIndex()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
            "{\"schemas\": \"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"filter\": 5}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"attributes\": [1]}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"count\": 1e400}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"count\": true}",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"filter\": \"x\", \"FILTER\": \"y\"}"})
    void malformed_bodies_are_400(String body) {
        assertThatThrownBy(() -> SearchRequest.fromBody(Json.parse(body)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void the_projection_follows_the_names() {
        SearchRequest r = new SearchRequest(null, List.of("displayName"), null, null, false, 1, null);
        assertThat(r.projection(dev.scimledger.scim.schema.ResourceSchema.USER).isDefault()).isFalse();
    }

    @Test
    void a_cursor_even_empty_asks_for_cursor_pagination() {
        assertThat(SearchRequest.fromQuery(null, null, null, null, null, null, null).cursorPaging()).isFalse();
        SearchRequest first = SearchRequest.fromQuery(null, null, null, null, null, null, "5", "");
        assertThat(first.cursorPaging()).isTrue();
        assertThat(first.cursor()).isEmpty();
        assertThat(first.count()).isEqualTo(5);
        SearchRequest next = SearchRequest.fromBody(Json.parse("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "cursor": "abc", "count": 2}"""));
        assertThat(next.cursor()).isEqualTo("abc");
        assertThat(SearchRequest.fromBody(Json.parse("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "cursor": null}""")).cursorPaging())
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1, , invalidValue", "1, 5, invalidValue", ", 0, invalidCount", ", -3, invalidCount"})
    void cursor_with_start_index_or_without_a_positive_count_is_refused(String startIndex, String count,
                                                                         String scimType) {
        assertThatThrownBy(() -> SearchRequest.fromQuery(null, null, null, null, null, startIndex, count, ""))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType().wireName()).isEqualTo(scimType);
                });
        assertThatThrownBy(() -> SearchRequest.fromBody(Json.parse("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "cursor": "", "startIndex": 1}""")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType().wireName()).isEqualTo("invalidValue"));
    }
}
