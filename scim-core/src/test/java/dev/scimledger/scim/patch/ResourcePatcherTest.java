package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.scimledger.scim.Json.object;
import static dev.scimledger.scim.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResourcePatcherTest {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static final ObjectNode USER = object("""
            {
              "userName": "bjensen",
              "externalId": "ext-1",
              "active": true,
              "displayName": "Babs Jensen",
              "name": {"givenName": "Barbara", "familyName": "Jensen"},
              "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                         {"value": "babs@jensen.org", "type": "home"}],
              "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
              "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood"}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Tour", "manager": {"value": "m-1"}}
            }""");

    static final ObjectNode GROUP = object("""
            {"displayName": "Tour Guides",
             "members": [{"value": "2819c223-7f76-453a-919d-413861904646"},
                         {"value": "902c246b-6245-4190-8e05-00816be7344a"}]}""");

    /** Parses a full PATCH body, applies it and checks that the input was not mutated. */
    static ObjectNode patch(ObjectNode resource, ResourceSchema schema, String body) {
        ObjectNode before = resource.deepCopy();
        List<PatchOperation> ops = PatchRequest.parse(parse(body));
        ObjectNode after = ResourcePatcher.apply(resource, ops, schema);
        assertThat(resource).as("input must not be mutated").isEqualTo(before);
        assertThat(after).isNotSameAs(resource);
        return after;
    }

    static ObjectNode patchUser(String operations) {
        return patch(USER, ResourceSchema.USER, body(operations));
    }

    static ObjectNode patchGroup(String operations) {
        return patch(GROUP, ResourceSchema.GROUP, body(operations));
    }

    static String body(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }

    static ObjectNode with(ObjectNode base, String field, String json) {
        ObjectNode copy = base.deepCopy();
        copy.set(field, parse(json));
        return copy;
    }

    static ObjectNode without(ObjectNode base, String field) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        return copy;
    }

    static ScimErrorType errorOf(Runnable r) {
        try {
            r.run();
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.scimType();
        }
        throw new AssertionError("expected a ScimException");
    }

    @Nested
    class Rfc7644Examples {

        @Test
        void add_members_appends_to_the_group() {
            // §3.5.2.1
            ObjectNode out = patchGroup("""
                    [{"op":"add","path":"members","value":[{"display":"James Smith",
                      "$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                      "value":"08e1d05d-121c-4561-8b96-473d93df9210"}]}]""");
            assertThat(out.get("members")).hasSize(3);
            // display is the member's own name, which the server writes (readOnly): the client's is not kept
            assertThat(out.get("members").get(2)).isEqualTo(parse("""
                    {"$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                     "value":"08e1d05d-121c-4561-8b96-473d93df9210"}"""));
        }

        @Test
        void add_without_path_adds_attributes_and_appends_values() {
            // §3.5.2.1
            ObjectNode out = patchUser("""
                    [{"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"},
                      {"value":"new@example.org","type":"other"}],"nickname":"Babs"}}]""");
            assertThat(out.get("nickName").textValue()).isEqualTo("Babs");
            assertThat(out.get("emails")).isEqualTo(parse("""
                    [{"value": "bjensen@example.com", "type": "work", "primary": true},
                     {"value": "babs@jensen.org", "type": "home"}, {"value":"new@example.org","type":"other"}]"""));
        }

        @Test
        void remove_a_member_by_value_filter() {
            // §3.5.2.2
            ObjectNode out = patchGroup("""
                    [{"op":"remove","path":"members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"]"}]""");
            assertThat(out.get("members")).isEqualTo(parse("""
                    [{"value": "902c246b-6245-4190-8e05-00816be7344a"}]"""));
        }

        @Test
        void remove_all_members() {
            // §3.5.2.2
            assertThat(patchGroup("[{\"op\":\"remove\",\"path\":\"members\"}]"))
                    .isEqualTo(parse("{\"displayName\": \"Tour Guides\"}"));
        }

        @Test
        void remove_one_member_and_add_another() {
            // §3.5.2.2
            ObjectNode out = patchGroup("""
                    [{"op":"remove","path":"members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"]"},
                     {"op":"add","path":"members","value":[{"display":"James Smith",
                       "$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                       "value":"08e1d05d-121c-4561-8b96-473d93df9210"}]}]""");
            assertThat(out.get("members")).extracting(m -> m.get("value").textValue())
                    .containsExactly("902c246b-6245-4190-8e05-00816be7344a", "08e1d05d-121c-4561-8b96-473d93df9210");
        }

        @Test
        void remove_emails_matching_a_compound_filter() {
            // §3.5.2.2
            ObjectNode out = patchUser("""
                    [{"op":"remove","path":"emails[type eq \\"work\\" and value ew \\"example.com\\"]"}]""");
            assertThat(out.get("emails")).isEqualTo(parse("[{\"value\": \"babs@jensen.org\", \"type\": \"home\"}]"));
        }

        @Test
        void replace_all_members() {
            // §3.5.2.3
            ObjectNode out = patchGroup("""
                    [{"op":"replace","path":"members","value":[
                      {"display":"Babs Jensen","$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                       "value":"2819c223-7f76-453a-919d-413861904646"},
                      {"display":"James Smith","$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                       "value":"08e1d05d-121c-4561-8b96-473d93df9210"}]}]""");
            assertThat(out.get("members")).extracting(m -> m.get("value").textValue())
                    .containsExactly("2819c223-7f76-453a-919d-413861904646", "08e1d05d-121c-4561-8b96-473d93df9210");
            assertThat(out.get("members").get(0).has("$ref")).isTrue();
        }

        @Test
        void replace_a_work_address() {
            // §3.5.2.3
            ObjectNode out = patchUser("""
                    [{"op":"replace","path":"addresses[type eq \\"work\\"]","value":{"type":"work",
                      "streetAddress":"911 Universal City Plaza","locality":"Hollywood","region":"CA",
                      "postalCode":"91608","country":"US",
                      "formatted":"911 Universal City Plaza\\nHollywood, CA 91608 US","primary":true}}]""");
            assertThat(out.get("addresses")).isEqualTo(parse("""
                    [{"type":"work","streetAddress":"911 Universal City Plaza","locality":"Hollywood","region":"CA",
                      "postalCode":"91608","country":"US",
                      "formatted":"911 Universal City Plaza\\nHollywood, CA 91608 US","primary":true}]"""));
        }

        @Test
        void replace_a_sub_attribute_of_matching_values() {
            // §3.5.2.3
            ObjectNode out = patchUser("""
                    [{"op":"replace","path":"addresses[type eq \\"work\\"].streetAddress","value":"1010 Broadway Ave"}]""");
            assertThat(out.get("addresses")).isEqualTo(parse("""
                    [{"type": "work", "streetAddress": "1010 Broadway Ave", "locality": "Hollywood"}]"""));
        }

        @Test
        void replace_without_path_replaces_each_given_attribute() {
            // §3.5.2.3
            ObjectNode out = patchUser("""
                    [{"op":"replace","value":{"emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                      {"value":"babs@jensen.org","type":"home"}],"nickname":"Babs"}}]""");
            assertThat(out).isEqualTo(with(USER, "nickName", "\"Babs\""));
        }

        @Test
        void replace_of_a_complex_attribute_keeps_unspecified_sub_attributes() {
            // §3.5.2.3: "Sub-attributes that are not specified in the value parameter are left unchanged."
            ObjectNode out = patchUser("[{\"op\":\"replace\",\"path\":\"name\",\"value\":{\"givenName\":\"Babs\"}}]");
            assertThat(out.get("name")).isEqualTo(parse("{\"givenName\": \"Babs\", \"familyName\": \"Jensen\"}"));
        }
    }

    @Nested
    class EntraForms {

        @Test
        void disable_user_with_string_false() {
            ObjectNode out = patch(USER, ResourceSchema.USER, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""");
            assertThat(out).isEqualTo(with(USER, "active", "false"));
        }

        @Test
        void disable_user_with_boolean_and_enable_with_string_true() {
            ObjectNode disabled = patch(USER, ResourceSchema.USER, """
                    {"Operations":[{"op":"Replace","path":"active","value":false}],
                     "schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""");
            assertThat(disabled.get("active").booleanValue()).isFalse();
            ObjectNode enabled = patch(disabled, ResourceSchema.USER, body("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
            assertThat(enabled).isEqualTo(USER);
        }

        @Test
        void no_path_add_with_dotted_and_urn_qualified_keys() {
            ObjectNode out = patchUser("""
                    [{"op":"Add","value":{"name.givenName":"Jane","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Eng"}}]""");
            assertThat(out.get("name")).isEqualTo(parse("{\"givenName\": \"Jane\", \"familyName\": \"Jensen\"}"));
            assertThat(out.get(ENTERPRISE)).isEqualTo(parse("{\"department\": \"Eng\", \"manager\": {\"value\": \"m-1\"}}"));
        }

        @Test
        void no_path_replace_with_manager_as_plain_string() {
            ObjectNode out = patchUser("""
                    [{"op":"Replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"id-123"}}]""");
            assertThat(out.get(ENTERPRISE)).isEqualTo(parse("{\"department\": \"Tour\", \"manager\": {\"value\": \"id-123\"}}"));
        }

        @Test
        void path_manager_with_plain_string() {
            ObjectNode out = patchUser("""
                    [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2819c223-7f76-453a-919d-ab1234567891"}]""");
            assertThat(out.get(ENTERPRISE).get("manager")).isEqualTo(parse("{\"value\": \"2819c223-7f76-453a-919d-ab1234567891\"}"));
            ObjectNode onEmpty = patch(object("{\"userName\":\"u\"}"), ResourceSchema.USER, body("""
                    [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"id-9"}]"""));
            assertThat(onEmpty).isEqualTo(parse("{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"manager\":{\"value\":\"id-9\"}}}"));
        }

        @Test
        void remove_manager() {
            ObjectNode out = patchUser("""
                    [{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]""");
            assertThat(out.get(ENTERPRISE)).isEqualTo(parse("{\"department\": \"Tour\"}"));
            ObjectNode both = patchUser("""
                    [{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"},
                     {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]""");
            assertThat(both).isEqualTo(without(USER, ENTERPRISE));
        }

        @Test
        void no_path_replace_with_nested_extension_object_and_core_urn_keys() {
            ObjectNode out = patchUser("""
                    [{"op":"Replace","value":{
                       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Eng","costCenter":"4130"},
                       "urn:ietf:params:scim:schemas:core:2.0:User:displayName":"Jane",
                       "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName":"Doe",
                       "active":"False"}}]""");
            assertThat(out.get(ENTERPRISE)).isEqualTo(parse("""
                    {"department": "Eng", "manager": {"value": "m-1"}, "costCenter": "4130"}"""));
            assertThat(out.get("displayName").textValue()).isEqualTo("Jane");
            assertThat(out.get("name").get("familyName").textValue()).isEqualTo("Doe");
            assertThat(out.get("active").booleanValue()).isFalse();
        }

        @Test
        void replace_work_email_and_family_name() {
            // Entra "Update User [Multi-valued properties]"
            ObjectNode out = patch(USER, ResourceSchema.USER, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [
                                {
                                "op": "Replace",
                                "path": "emails[type eq \\"work\\"].value",
                                "value": "updatedEmail@microsoft.com"
                                },
                                {
                                "op": "Replace",
                                "path": "name.familyName",
                                "value": "updatedFamilyName"
                                }
                        ]
                    }""");
            assertThat(out.get("emails").get(0)).isEqualTo(parse(
                    "{\"value\": \"updatedEmail@microsoft.com\", \"type\": \"work\", \"primary\": true}"));
            assertThat(out.get("emails").get(1)).isEqualTo(USER.get("emails").get(1));
            assertThat(out.get("name").get("familyName").textValue()).isEqualTo("updatedFamilyName");
        }

        @Test
        void replace_user_name() {
            // Entra "Update User [Single-valued properties]"
            ObjectNode out = patch(USER, ResourceSchema.USER, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "Replace",
                            "path": "userName",
                            "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
                        }]
                    }""");
            assertThat(out).isEqualTo(with(USER, "userName", "\"5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com\""));
        }

        @Test
        void add_work_email_value_creates_the_element_when_none_matches() {
            ObjectNode bare = object("{\"userName\":\"u\"}");
            ObjectNode out = patch(bare, ResourceSchema.USER, body("""
                    [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"u@contoso.com"},
                     {"op":"Add","path":"emails[type eq \\"work\\"].primary","value":"True"}]"""));
            assertThat(out).isEqualTo(parse("""
                    {"userName":"u","emails":[{"type":"work","value":"u@contoso.com","primary":true}]}"""));
        }

        @Test
        void replace_phone_and_address_sub_attributes_create_missing_elements() {
            ObjectNode out = patchUser("""
                    [{"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"},
                     {"op":"Replace","path":"phoneNumbers[type eq \\"work\\"].value","value":"+1 555 0199"},
                     {"op":"Add","path":"addresses[type eq \\"home\\"].streetAddress","value":"1 Main St"},
                     {"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"Burbank"},
                     {"op":"Add","path":"addresses[type eq \\"work\\"].postalCode","value":"91608"}]""");
            assertThat(out.get("phoneNumbers")).isEqualTo(parse("""
                    [{"value": "+1 555 0199", "type": "work"}, {"type": "mobile", "value": "+1 555 0100"}]"""));
            assertThat(out.get("addresses")).isEqualTo(parse("""
                    [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Burbank", "postalCode": "91608"},
                     {"type": "home", "streetAddress": "1 Main St"}]"""));
        }

        @Test
        void no_path_replace_with_value_filter_keys() {
            ObjectNode out = patchUser("""
                    [{"op":"Replace","value":{"emails[type eq \\"work\\"].value":"new@example.com",
                      "phoneNumbers[type eq \\"fax\\"].value":"555-0000"}}]""");
            assertThat(out.get("emails").get(0).get("value").textValue()).isEqualTo("new@example.com");
            assertThat(out.get("phoneNumbers")).hasSize(2);
        }

        @Test
        void group_add_and_remove_members_with_null_ref() {
            // Entra "Update Group [Add Members]" and "[Remove Members]"
            ObjectNode added = patch(GROUP, ResourceSchema.GROUP, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "Add",
                            "path": "members",
                            "value": [{
                                "$ref": null,
                                "value": "f648f8d5ea4e4cd38e9c"
                            }]
                        }]
                    }""");
            assertThat(added.get("members")).hasSize(3);
            assertThat(added.get("members").get(2)).isEqualTo(parse("{\"value\": \"f648f8d5ea4e4cd38e9c\"}"));
            ObjectNode removed = patch(added, ResourceSchema.GROUP, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "Remove",
                            "path": "members",
                            "value": [{
                                "$ref": null,
                                "value": "f648f8d5ea4e4cd38e9c"
                            }]
                        }]
                    }""");
            assertThat(removed).isEqualTo(GROUP);
        }

        @Test
        void removing_listed_members_removes_only_those_and_ignores_absent_ones() {
            ObjectNode out = patchGroup("""
                    [{"op":"Remove","path":"members","value":[{"value":"2819c223-7f76-453a-919d-413861904646"},
                      {"value":"not-a-member"}]}]""");
            assertThat(out.get("members")).extracting(m -> m.get("value").textValue())
                    .containsExactly("902c246b-6245-4190-8e05-00816be7344a");
            assertThat(patchGroup("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"nobody\"}]}]"))
                    .isEqualTo(GROUP);
            assertThat(patchGroup("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[]}]")).isEqualTo(GROUP);
        }

        @Test
        void re_adding_an_existing_member_is_a_no_op() {
            assertThat(patchGroup("""
                    [{"op":"Add","path":"members","value":[{"value":"2819c223-7f76-453a-919d-413861904646"}]}]"""))
                    .isEqualTo(GROUP);
        }

        @Test
        void replace_group_display_name() {
            assertThat(patchGroup("""
                    [{"op": "Replace", "path": "displayName", "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]"""))
                    .isEqualTo(with(GROUP, "displayName", "\"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName\""));
        }

        @Test
        void legacy_wrapped_single_values() {
            ObjectNode out = patchUser("""
                    [{"op":"Add","path":"nickName","value":[{"value":"Babs"}]},
                     {"op":"Replace","path":"active","value":[{"value":"False"}]}]""");
            assertThat(out.get("nickName").textValue()).isEqualTo("Babs");
            assertThat(out.get("active").booleanValue()).isFalse();
        }

        @Test
        void attribute_names_in_paths_are_case_insensitive_and_output_is_canonical() {
            ObjectNode out = patchUser("""
                    [{"op":"replace","path":"EMAILS[TYPE eq \\"WORK\\"].VALUE","value":"x@y.z"},
                     {"op":"replace","path":"Name.GivenName","value":"B"},
                     {"op":"add","path":"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DIVISION","value":"D"}]""");
            assertThat(out.get("emails").get(0).get("value").textValue()).isEqualTo("x@y.z");
            assertThat(out.get("name").get("givenName").textValue()).isEqualTo("B");
            assertThat(out.get(ENTERPRISE).get("division").textValue()).isEqualTo("D");
        }
    }

    @Nested
    class Semantics {

        @Test
        void setting_primary_makes_other_values_non_primary() {
            ObjectNode out = patchUser("""
                    [{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"other","primary":true}]}]""");
            assertThat(out.get("emails")).extracting(e -> e.path("primary").asBoolean(false))
                    .containsExactly(false, false, true);
            ObjectNode home = patchUser("[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].primary\",\"value\":true}]");
            assertThat(home.get("emails")).extracting(e -> e.path("primary").asBoolean(false)).containsExactly(false, true);
        }

        @Test
        void null_value_on_replace_removes_and_on_add_does_nothing() {
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":null}]"))
                    .isEqualTo(without(USER, "displayName"));
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":null}]").get("name"))
                    .isEqualTo(parse("{\"familyName\":\"Jensen\"}"));
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"]\",\"value\":null}]").get("emails"))
                    .hasSize(1);
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"emails\",\"value\":[]}]")).isEqualTo(without(USER, "emails"));
            assertThat(patchUser("[{\"op\":\"add\",\"path\":\"displayName\",\"value\":null}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"replace\",\"value\":{\"displayName\":null,\"title\":\"T\"}}]"))
                    .isEqualTo(with(without(USER, "displayName"), "title", "\"T\""));
        }

        @Test
        void removing_absent_things_is_not_an_error() {
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"title\"}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"emails[type eq \\\"other\\\"]\"}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"ims[type eq \\\"xmpp\\\"].value\"}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"name.middleName\"}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + ":costCenter\"}]")).isEqualTo(USER);
        }

        @Test
        void remove_sub_attribute_everywhere_or_in_matches() {
            ObjectNode out = patchUser("[{\"op\":\"remove\",\"path\":\"emails.type\"}]");
            assertThat(out.get("emails")).allSatisfy(e -> assertThat(e.has("type")).isFalse());
            ObjectNode work = patchUser("[{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"].primary\"}]");
            assertThat(work.get("emails").get(0)).isEqualTo(parse("{\"value\": \"bjensen@example.com\", \"type\": \"work\"}"));
            ObjectNode emptied = patchUser("[{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"work\\\"].value\"},"
                    + "{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"work\\\"].type\"}]");
            assertThat(emptied.has("phoneNumbers")).isFalse();
        }

        @Test
        void add_on_a_filter_without_sub_attribute_merges_or_creates() {
            ObjectNode merged = patchUser("[{\"op\":\"add\",\"path\":\"emails[type eq \\\"home\\\"]\",\"value\":{\"display\":\"Home\"}}]");
            assertThat(merged.get("emails").get(1)).isEqualTo(parse("{\"value\":\"babs@jensen.org\",\"type\":\"home\",\"display\":\"Home\"}"));
            ObjectNode created = patchUser("[{\"op\":\"add\",\"path\":\"ims[type eq \\\"xmpp\\\"]\",\"value\":{\"value\":\"b@jabber\"}}]");
            assertThat(created.get("ims")).isEqualTo(parse("[{\"type\":\"xmpp\",\"value\":\"b@jabber\"}]"));
        }

        @Test
        void schemas_and_password_targets_are_ignored() {
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"schemas\",\"value\":[\"x\"]}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"secret\"}]")).isEqualTo(USER);
            assertThat(patchUser("[{\"op\":\"replace\",\"value\":{\"password\":\"secret\",\"schemas\":[],"
                    + "\"unknownThing\":1,\"bad key!\":2}}]")).isEqualTo(USER);
        }

        @Test
        void extension_urn_as_path_addresses_the_extension_object() {
            assertThat(patchUser("[{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + "\"}]")).isEqualTo(without(USER, ENTERPRISE));
            ObjectNode out = patchUser("[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + "\",\"value\":{\"department\":\"X\"}}]");
            assertThat(out.get(ENTERPRISE)).isEqualTo(parse("{\"department\":\"X\",\"manager\":{\"value\":\"m-1\"}}"));
        }

        @Test
        void operations_apply_in_order() {
            ObjectNode out = patchUser("""
                    [{"op":"replace","path":"title","value":"A"},{"op":"remove","path":"title"},
                     {"op":"add","path":"title","value":"B"}]""");
            assertThat(out.get("title").textValue()).isEqualTo("B");
        }

        @Test
        void input_in_non_canonical_spelling_is_normalised_first() {
            ObjectNode messy = object("{\"USERNAME\":\"u\",\"Active\":\"true\",\"id\":\"1\",\"meta\":{\"version\":\"x\"}}");
            ObjectNode out = patch(messy, ResourceSchema.USER, body("[{\"op\":\"add\",\"path\":\"title\",\"value\":\"T\"}]"));
            assertThat(out).isEqualTo(parse("{\"userName\":\"u\",\"active\":true,\"title\":\"T\"}"));
        }
    }

    @Nested
    class OktaForms {

        @Test
        void deactivate_user_without_path() {
            assertThat(patchUser("[{\"op\":\"replace\",\"value\":{\"active\":false}}]"))
                    .isEqualTo(with(USER, "active", "false"));
        }

        @Test
        void rename_group_with_its_own_id_in_the_value_object() {
            List<PatchOperation> ops = PatchRequest.parse(parse(body("""
                    [{"op":"replace","value":{"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b","displayName":"Test SCIMv2"}}]""")));
            assertThat(ResourcePatcher.apply(GROUP, "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", ops, ResourceSchema.GROUP))
                    .isEqualTo(with(GROUP, "displayName", "\"Test SCIMv2\""));
        }

        @Test
        void add_and_remove_members() {
            ObjectNode added = patchGroup("""
                    [{"op":"add","path":"members","value":[{"value":"23a35c27-23d3-4c03-b4c5-6443c09e7173","display":"test.user@okta.local"}]}]""");
            assertThat(added.get("members")).hasSize(3);
            ObjectNode removed = patch(added, ResourceSchema.GROUP, body("""
                    [{"op":"remove","path":"members[value eq \\"23a35c27-23d3-4c03-b4c5-6443c09e7173\\"]"}]"""));
            assertThat(removed).isEqualTo(GROUP);
        }
    }

    @Test
    void a_filter_matching_several_values_updates_each() {
        ObjectNode twoWork = with(USER, "emails", """
                [{"value": "a@example.com", "type": "work"}, {"value": "b@example.com", "type": "work"},
                 {"value": "c@example.com", "type": "home"}]""");
        ObjectNode out = patch(twoWork, ResourceSchema.USER, body("""
                [{"op":"replace","path":"emails[type eq \\"work\\"].display","value":"Work"}]"""));
        assertThat(out.get("emails")).extracting(e -> e.path("display").asText(null))
                .containsExactly("Work", "Work", null);
        ObjectNode primaries = patch(twoWork, ResourceSchema.USER, body("""
                [{"op":"replace","path":"emails[type eq \\"work\\"].primary","value":"True"}]"""));
        assertThat(primaries.get("emails")).extracting(e -> e.path("primary").asBoolean(false))
                .containsExactly(true, false, false);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("[{\"op\":\"replace\",\"path\":\"nonsense\",\"value\":\"x\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"remove\",\"path\":\"nonsense\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"name.nonsense\",\"value\":\"x\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"department\",\"value\":\"x\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"urn:x:y:title\",\"value\":\"x\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"name[givenName eq \\\"x\\\"]\",\"value\":{}}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"title[value eq \\\"x\\\"]\",\"value\":\"y\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"remove\",\"path\":\"emails[nonsense eq \\\"x\\\"]\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"remove\",\"path\":\"emails[name.givenName eq \\\"x\\\"]\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"add\",\"path\":\"emails.value\",\"value\":\"x\"}]", ScimErrorType.INVALID_PATH),
                arguments("[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"remove\",\"path\":\"id\"}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"path\":\"meta\",\"value\":{}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"path\":\"meta.lastModified\",\"value\":\"2020-01-01T00:00:00Z\"}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"g\"}]}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"remove\",\"path\":\"groups[value eq \\\"g\\\"]\"}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":manager.displayName\",\"value\":\"B\"}]", ScimErrorType.MUTABILITY),
                // a value object naming a readOnly attribute is refused as its path is, not silently half-applied
                arguments("[{\"op\":\"replace\",\"value\":{\"id\":\"x\"}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"add\",\"value\":{\"displayName\":\"X\",\"id\":\"x\"}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"add\",\"value\":{\"meta\":{}}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"value\":{\"META\":{\"version\":\"W/\\\"9\\\"\"}}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"value\":{\"meta.lastModified\":\"2020-01-01T00:00:00Z\"}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"add\",\"value\":{\"groups\":[{\"value\":\"g\"}]}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"value\":{\"groups\":[]}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + ":manager.displayName\":\"B\"}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + "\":{\"manager.displayName\":\"B\"}}}]", ScimErrorType.MUTABILITY),
                arguments("[{\"op\":\"replace\",\"path\":\"active\",\"value\":5}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"value\":{\"active\":5}}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"emails\",\"value\":\"x\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"add\",\"path\":\"emails\",\"value\":[\"x\"]}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"userName\",\"value\":{\"a\":1}}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"name\",\"value\":\"x\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\"].primary\",\"value\":\"maybe\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"]\",\"value\":\"x\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + "\",\"value\":\"x\"}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + "\":[1]}}]", ScimErrorType.INVALID_VALUE),
                arguments("[{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"home\\\"]\",\"value\":{\"locality\":\"x\"}}]", ScimErrorType.NO_TARGET),
                arguments("[{\"op\":\"replace\",\"path\":\"emails[value co \\\"nobody\\\"].display\",\"value\":\"x\"}]", ScimErrorType.NO_TARGET),
                arguments("[{\"op\":\"add\",\"path\":\"emails[type eq \\\"a\\\" or type eq \\\"b\\\"].value\",\"value\":\"x\"}]", ScimErrorType.NO_TARGET));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("errors")
    void rejects_inapplicable_operations_with_the_right_scim_type(String operations, ScimErrorType expected) {
        ObjectNode before = USER.deepCopy();
        assertThat(errorOf(() -> patchUser(operations))).isEqualTo(expected);
        assertThat(USER).isEqualTo(before);
    }

    @Test
    void a_value_object_may_restate_the_resources_own_id_and_nothing_else_read_only() {
        List<PatchOperation> restated = PatchRequest.parse(parse(body("[{\"op\":\"replace\",\"value\":{\"id\":\"u-1\",\"title\":\"T\"}}]")));
        assertThat(ResourcePatcher.apply(USER, "u-1", restated, ResourceSchema.USER)).isEqualTo(with(USER, "title", "\"T\""));
        // ids are caseExact; without the resource's id nothing can be a restatement
        assertThat(errorOf(() -> ResourcePatcher.apply(USER, "U-1", restated, ResourceSchema.USER))).isEqualTo(ScimErrorType.MUTABILITY);
        assertThat(errorOf(() -> ResourcePatcher.apply(USER, restated, ResourceSchema.USER))).isEqualTo(ScimErrorType.MUTABILITY);
        // the path form stays strict: naming id as a target is refused whatever the value
        List<PatchOperation> byPath = PatchRequest.parse(parse(body("[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"u-1\"}]")));
        assertThat(errorOf(() -> ResourcePatcher.apply(USER, "u-1", byPath, ResourceSchema.USER))).isEqualTo(ScimErrorType.MUTABILITY);
        // inside a value, a readOnly sub-attribute is dropped as in a POST body (Okta sends a member's display)
        ObjectNode manager = patchUser("[{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + ":manager\":{\"value\":\"m-2\",\"displayName\":\"B\"}}}]");
        assertThat(manager.get(ENTERPRISE).get("manager")).isEqualTo(parse("{\"value\":\"m-2\"}"));
    }

    @Test
    void a_failing_operation_aborts_the_whole_request_without_touching_the_input() {
        ObjectNode before = USER.deepCopy();
        assertThat(errorOf(() -> patchUser("""
                [{"op":"replace","path":"title","value":"A"},{"op":"replace","path":"id","value":"x"}]""")))
                .isEqualTo(ScimErrorType.MUTABILITY);
        assertThat(USER).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "empty"})
    void missing_operations_are_invalid_syntax(String which) {
        List<PatchOperation> ops = which.equals("null") ? null : List.of();
        assertThat(errorOf(() -> ResourcePatcher.apply(USER, ops, ResourceSchema.USER)))
                .isEqualTo(ScimErrorType.INVALID_SYNTAX);
    }

    @Test
    void missing_resource_or_schema_is_a_server_error_scim_exception() {
        List<PatchOperation> ops = List.of(PatchOperation.remove(PatchPath.parse("title")));
        assertThatThrownBy(() -> ResourcePatcher.apply(null, ops, ResourceSchema.USER))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThatThrownBy(() -> ResourcePatcher.apply(USER, ops, null))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void result_is_a_fresh_tree() {
        List<PatchOperation> ops = List.of(PatchOperation.add(PatchPath.parse("title"), parse("\"T\"")));
        ObjectNode out = ResourcePatcher.apply(USER, ops, ResourceSchema.USER);
        JsonNode before = USER.deepCopy();
        ((ObjectNode) out.get("name")).put("givenName", "mutated");
        ((ObjectNode) out.get("emails").get(0)).put("value", "mutated");
        assertThat(USER).isEqualTo(before);
    }

    /**
     * Entra writes booleans as strings in value filters too: {@code roles[primary eq "True"]} finds the primary role
     * (it found nothing, and the replace appended a second role instead of changing the first).
     */
    @Test
    void aStringBooleanInAValueFilterMatchesTheBoolean() {
        ObjectNode user = with(USER, "roles", """
                [{"value": "Admin", "display": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": true},
                 {"value": "Reader", "primary": false}]""");
        ObjectNode after = patch(user, ResourceSchema.USER, body("""
                [{"op": "replace", "path": "roles[primary eq \\"True\\"].value", "value": "Owner"}]"""));
        assertThat(after.get("roles")).isEqualTo(parse("""
                [{"value": "Owner", "display": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": true},
                 {"value": "Reader", "primary": false}]"""));
        ObjectNode removed = patch(user, ResourceSchema.USER, body("""
                [{"op": "remove", "path": "roles[primary eq \\"FALSE\\"]"}]"""));
        assertThat(removed.get("roles").findValuesAsText("value")).containsExactly("Admin");
        ObjectNode emails = patchUser("""
                [{"op": "replace", "path": "emails[primary eq \\"true\\"].value", "value": "new@example.com"}]""");
        assertThat(emails.at("/emails/0/value").asText()).isEqualTo("new@example.com");
        assertThat(emails.get("emails")).hasSize(2);
    }

    /**
     * Entra's manager forms beyond RFC 7644's letter: the bare path {@code manager} (Microsoft's documentation shows
     * it; the name is in one extension only), a remove naming the manager by value filter, and an empty value for
     * no manager. A filter on a single-valued attribute still takes no add or replace.
     */
    @Test
    void entrasManagerFormsReachTheEnterpriseExtension() {
        ObjectNode bare = patchUser("""
                [{"op": "Add", "path": "manager", "value": [{"value": "m-2"}]}]""");
        assertThat(bare.at("/" + ENTERPRISE + "/manager/value").asText()).isEqualTo("m-2");
        assertThat(bare.at("/" + ENTERPRISE + "/department").asText()).isEqualTo("Tour");
        assertThat(bare.has("manager")).isFalse();

        ObjectNode matching = patchUser("""
                [{"op": "remove", "path": "manager[value eq \\"m-1\\"]"}]""");
        assertThat(matching.get(ENTERPRISE).has("manager")).isFalse();
        ObjectNode other = patchUser("""
                [{"op": "remove", "path": "manager[value eq \\"m-9\\"]"}]""");
        assertThat(other.at("/" + ENTERPRISE + "/manager/value").asText()).isEqualTo("m-1");

        ObjectNode emptied = patchUser("""
                [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": ""}]""");
        assertThat(emptied.get(ENTERPRISE).has("manager")).isFalse();

        assertThatThrownBy(() -> patchUser("""
                [{"op": "replace", "path": "manager[value eq \\"m-1\\"].value", "value": "m-3"}]"""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_PATH));
    }
}
