package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.Json;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeProjectionTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A rendered user, as the gateway produces it. */
    private static ObjectNode user() {
        return Json.object("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "id":"2819c223","externalId":"ext-1","userName":"bjensen@example.com",
                 "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara"},
                 "displayName":"Babs Jensen","password":"leaked-if-ever-stored",
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                           {"value":"babs@jensen.org","type":"home"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                     {"employeeNumber":"701984","department":"Tour Operations","manager":{"value":"26118915"}},
                 "active":true,
                 "meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z",
                         "location":"https://example.com/v2/Users/2819c223","version":"W/\\"3\\""}}""");
    }

    private static ObjectNode project(String attributes, String excluded) {
        return AttributeProjection.parse(ResourceSchema.USER, attributes, excluded).apply(user());
    }

    @Test
    void without_parameters_everything_but_never_returned_attributes_comes_back() {
        ObjectNode expected = user();
        expected.remove("password");
        assertThat(project(null, null)).isEqualTo(expected);
        assertThat(AttributeProjection.defaults(ResourceSchema.USER).apply(user())).isEqualTo(expected);
        assertThat(AttributeProjection.defaults(ResourceSchema.USER).isDefault()).isTrue();
    }

    @Test
    void password_is_never_returned_even_when_asked_for() {
        assertThat(project("password", null).has("password")).isFalse();
        assertThat(project("urn:ietf:params:scim:schemas:core:2.0:User", null).has("password")).isFalse();
    }

    @Test
    void attributes_replace_the_default_set_but_always_returned_ones_stay() {
        ObjectNode projected = project("displayName", null);
        assertThat(projected.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("schemas", "id", "userName", "displayName");
        assertThat(projected.get("schemas")).hasSize(1).as("the extension is gone, so is its URN");
    }

    @Test
    void excluded_attributes_remove_from_the_default_set_but_not_always_returned_ones() {
        ObjectNode projected = project(null, "emails,id,userName,meta,schemas");
        assertThat(projected.has("emails")).isFalse();
        assertThat(projected.has("meta")).isFalse();
        assertThat(projected.get("id").asText()).isEqualTo("2819c223");
        assertThat(projected.get("userName").asText()).isEqualTo("bjensen@example.com");
        assertThat(projected.has("schemas")).isTrue();
        assertThat(projected.has("name")).isTrue();
    }

    @Test
    void a_sub_attribute_returns_its_parent_with_just_that_sub_attribute() {
        ObjectNode projected = project("name.givenName,emails.value,meta.lastModified", null);
        assertThat(projected.get("name")).isEqualTo(Json.parse("{\"givenName\":\"Barbara\"}"));
        assertThat(projected.get("emails"))
                .isEqualTo(Json.parse("[{\"value\":\"bjensen@example.com\"},{\"value\":\"babs@jensen.org\"}]"));
        assertThat(projected.get("meta")).isEqualTo(Json.parse("{\"lastModified\":\"2011-05-13T04:42:34Z\"}"));
    }

    @Test
    void an_excluded_sub_attribute_leaves_the_rest_of_its_parent() {
        ObjectNode projected = project(null, "name.formatted,emails.primary");
        assertThat(projected.get("name")).isEqualTo(Json.parse("{\"familyName\":\"Jensen\",\"givenName\":\"Barbara\"}"));
        assertThat(projected.get("emails").get(0).has("primary")).isFalse();
        assertThat(projected.get("emails").get(0).get("type").asText()).isEqualTo("work");
    }

    @Test
    void names_are_case_insensitive_and_may_be_urn_qualified() {
        ObjectNode projected = project("DISPLAYNAME,urn:ietf:params:scim:schemas:core:2.0:User:Name.FamilyName,"
                + "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:department", null);
        assertThat(projected.get("displayName").asText()).isEqualTo("Babs Jensen");
        assertThat(projected.get("name")).isEqualTo(Json.parse("{\"familyName\":\"Jensen\"}"));
        assertThat(projected.get(ENTERPRISE)).isEqualTo(Json.parse("{\"department\":\"Tour Operations\"}"));
        assertThat(projected.get("schemas")).hasSize(2);
    }

    @Test
    void a_schema_urn_names_all_of_that_schemas_attributes() {
        ObjectNode only = project(ENTERPRISE, null);
        assertThat(only.get(ENTERPRISE)).isEqualTo(user().get(ENTERPRISE));
        assertThat(only.has("name")).isFalse();
        ObjectNode without = project(null, ENTERPRISE);
        assertThat(without.has(ENTERPRISE)).isFalse();
        assertThat(without.get("schemas")).hasSize(1);
        assertThat(without.has("name")).isTrue();
    }

    @Test
    void extension_sub_attributes_can_be_chosen_and_excluded() {
        assertThat(project(ENTERPRISE + ":manager.value", null).get(ENTERPRISE))
                .isEqualTo(Json.parse("{\"manager\":{\"value\":\"26118915\"}}"));
        assertThat(project(null, ENTERPRISE + ":manager," + ENTERPRISE + ":employeeNumber").get(ENTERPRISE))
                .isEqualTo(Json.parse("{\"department\":\"Tour Operations\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "name.nope", "department", "urn:x:y:displayName", "userName.x", "..", "[", "a b"})
    void unknown_names_are_ignored(String name) {
        assertThat(project("displayName," + name, null).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("schemas", "id", "userName", "displayName");
        ObjectNode expected = user();
        expected.remove("password");
        assertThat(project(null, name)).isEqualTo(expected);
    }

    @Test
    void only_unknown_names_leave_just_the_always_returned_attributes() {
        assertThat(project("nope", null).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("schemas", "id", "userName");
    }

    @Test
    void a_value_filter_in_a_name_names_the_attribute_before_the_bracket() {
        assertThat(project("emails[type eq \"work\"]", null).get("emails")).isEqualTo(user().get("emails"));
        assertThat(project("emails[type eq \"a,b]\"].value,displayName", null).get("emails").get(0))
                .isEqualTo(Json.parse("{\"value\":\"bjensen@example.com\"}"));
    }

    @Test
    void both_parameters_choose_then_remove() {
        ObjectNode projected = project("name,emails", "name.formatted,emails");
        assertThat(projected.get("name")).isEqualTo(Json.parse("{\"familyName\":\"Jensen\",\"givenName\":\"Barbara\"}"));
        assertThat(projected.has("emails")).isFalse();
    }

    @Test
    void emptied_values_are_omitted() {
        ObjectNode projected = project("name.middleName,emails.display", null);
        assertThat(projected.has("name")).isFalse();
        assertThat(projected.has("emails")).isFalse();
    }

    @Test
    void lists_from_a_search_request_body_work_like_the_query_parameter() {
        AttributeProjection fromList = AttributeProjection.of(ResourceSchema.USER, List.of("userName", " emails.value "),
                List.of());
        assertThat(fromList.apply(user())).isEqualTo(project("userName,emails.value", null));
        assertThat(AttributeProjection.of(ResourceSchema.USER, List.of(), null).isDefault()).isTrue();
    }

    @Test
    void the_input_is_never_changed() {
        ObjectNode input = user();
        AttributeProjection.parse(ResourceSchema.USER, "name.givenName", "emails.type").apply(input);
        assertThat(input).isEqualTo(user());
        ObjectNode projected = AttributeProjection.parse(ResourceSchema.USER, null, null).apply(input);
        ((ObjectNode) projected.get("name")).put("givenName", "changed");
        assertThat(input).isEqualTo(user());
    }

    @Test
    void splitting_respects_brackets_quotes_and_blanks() {
        assertThat(AttributeProjection.split(" a, ,b ,emails[value eq \"x,\\\"y\"],c")).containsExactly(
                "a", "b", "emails[value eq \"x,\\\"y\"]", "c");
        assertThat(AttributeProjection.split(null)).isEmpty();
        assertThat(AttributeProjection.split("")).isEmpty();
    }

    @Test
    void groups_members_follow_the_group_schema() {
        ObjectNode group = Json.object("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Tour Guides",
                 "members":[{"value":"u1","display":"Babs"}],"meta":{"resourceType":"Group"}}""");
        ObjectNode projected = AttributeProjection.parse(ResourceSchema.GROUP, null, "members").apply(group);
        assertThat(projected.has("members")).isFalse();
        assertThat(projected.get("displayName").asText()).isEqualTo("Tour Guides");
        assertThat(AttributeProjection.parse(ResourceSchema.GROUP, "members.value", null).apply(group).get("members"))
                .isEqualTo(Json.parse("[{\"value\":\"u1\"}]"));
    }

    @Test
    void includes_tells_whether_a_response_can_carry_an_attribute_so_that_it_need_not_be_read() {
        ResourceSchema group = ResourceSchema.GROUP;
        assertThat(AttributeProjection.parse(group, null, null).includes("members")).isTrue();
        assertThat(AttributeProjection.parse(group, null, "members").includes("members")).isFalse();
        assertThat(AttributeProjection.parse(group, null, "MEMBERS,meta").includes("members")).isFalse();
        assertThat(AttributeProjection.parse(group, "displayName", null).includes("members")).isFalse();
        assertThat(AttributeProjection.parse(group, "members.value", null).includes("members")).isTrue();
        assertThat(AttributeProjection.parse(group, "urn:ietf:params:scim:schemas:core:2.0:Group:members", null)
                .includes("members")).isTrue();
        assertThat(AttributeProjection.parse(group, "urn:ietf:params:scim:schemas:core:2.0:Group", null)
                .includes("members")).as("the whole schema named").isTrue();
        assertThat(AttributeProjection.parse(group, "displayName", "members").includes("id")).isTrue();
        assertThat(AttributeProjection.parse(ResourceSchema.USER, "userName", null).includes("groups")).isFalse();
        assertThat(AttributeProjection.parse(ResourceSchema.USER, null, "groups").includes("groups")).isFalse();
        assertThat(AttributeProjection.parse(ResourceSchema.USER, "groups.display", null).includes("groups")).isTrue();
        assertThat(AttributeProjection.parse(ResourceSchema.USER, null, null).includes("password")).isFalse();
        assertThat(AttributeProjection.parse(ResourceSchema.USER, null, null).includes("nope")).isFalse();
    }
}
