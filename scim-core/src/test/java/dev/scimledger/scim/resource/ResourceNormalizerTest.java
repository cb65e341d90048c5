package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.scimledger.scim.Json.object;
import static dev.scimledger.scim.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceNormalizerTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static ObjectNode user(String json) {
        return ResourceNormalizer.normalize(parse(json), ResourceSchema.USER);
    }

    @Test
    void entra_create_user_body_is_normalised() {
        // Microsoft Entra ID "Create User" request body (SCIM provisioning tutorial)
        ObjectNode out = user("""
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                  "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                  "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
                  "active": true,
                  "emails": [{
                    "primary": true,
                    "type": "work",
                    "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"
                  }],
                  "meta": {"resourceType": "User"},
                  "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
                  "roles": []
                }""");
        assertThat(out).isEqualTo(parse("""
                {
                  "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                  "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
                  "active": true,
                  "emails": [{"primary": true, "type": "work",
                              "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
                  "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}
                }"""));
    }

    @Test
    void attribute_names_are_canonicalised_at_every_level() {
        ObjectNode out = user("""
                {"UserName": "bjensen", "EMAILS": [{"VALUE": "a@b.c", "Type": "work", "PRIMARY": "True"}],
                 "NAME": {"GivenName": "Barbara"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"DEPARTMENT": "Eng",
                   "Manager": {"VALUE": "m-1"}}}""");
        assertThat(out).isEqualTo(parse("""
                {"userName": "bjensen", "emails": [{"value": "a@b.c", "type": "work", "primary": true}],
                 "name": {"givenName": "Barbara"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Eng",
                   "manager": {"value": "m-1"}}}"""));
    }

    @Test
    void urn_qualified_keys_are_folded() {
        ObjectNode out = user("""
                {"urn:ietf:params:scim:schemas:core:2.0:User:userName": "bjensen",
                 "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName": "Jensen",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "701984"}""");
        assertThat(out).isEqualTo(parse("""
                {"userName": "bjensen", "name": {"familyName": "Jensen"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984"}}"""));
    }

    @ParameterizedTest(name = "active: {0} -> {1}")
    @CsvSource({"'\"True\"', true", "'\"False\"', false", "'\"TRUE\"', true", "'\"false\"', false",
            "true, true", "false, false"})
    void entra_string_booleans_become_json_booleans(String json, boolean expected) {
        ObjectNode out = user("{\"userName\":\"u\",\"active\":" + json + "}");
        assertThat(out.get("active").isBoolean()).isTrue();
        assertThat(out.get("active").booleanValue()).isEqualTo(expected);
    }

    @Test
    void entra_manager_string_becomes_a_complex_value() {
        ObjectNode out = user("{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"manager\":\"id-123\"}}");
        assertThat(out.get(ENTERPRISE)).isEqualTo(parse("{\"manager\":{\"value\":\"id-123\"}}"));
    }

    @Test
    void server_owned_and_write_only_attributes_are_dropped() {
        ObjectNode out = user("""
                {"schemas": ["x"], "id": "123", "meta": {"version": "W/\\"1\\""}, "userName": "u",
                 "password": "secret", "groups": [{"value": "g1"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m", "displayName": "Boss"}}}""");
        assertThat(out).isEqualTo(parse("""
                {"userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m"}}}"""));
        assertThat(out.has("id") || out.has("meta") || out.has("schemas") || out.has("password") || out.has("groups")).isFalse();
    }

    @Test
    void unknown_attributes_are_dropped_silently() {
        ObjectNode out = user("""
                {"userName": "u", "favouriteColour": "blue", "name": {"givenName": "A", "nick": "x"},
                 "urn:example:custom:2.0:User": {"x": 1}, "urn:example:custom:2.0:User:y": 2,
                 "emails": [{"value": "a@b.c", "foo": "bar"}]}""");
        assertThat(out).isEqualTo(parse("""
                {"userName": "u", "name": {"givenName": "A"}, "emails": [{"value": "a@b.c"}]}"""));
    }

    @Test
    void nulls_empty_arrays_and_empty_objects_are_unassigned() {
        ObjectNode out = user("""
                {"userName": "u", "title": null, "emails": [], "phoneNumbers": [null, {"value": null}],
                 "name": {"givenName": null}, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": null}}""");
        assertThat(out).isEqualTo(parse("{\"userName\": \"u\"}"));
        assertThat(user("{\"userName\":\"u\",\"" + ENTERPRISE + "\":null}")).isEqualTo(parse("{\"userName\":\"u\"}"));
    }

    @Test
    void a_single_object_for_a_multi_valued_attribute_is_wrapped() {
        assertThat(user("{\"userName\":\"u\",\"emails\":{\"value\":\"a@b.c\"}}").get("emails"))
                .isEqualTo(parse("[{\"value\":\"a@b.c\"}]"));
    }

    @Test
    void legacy_entra_wrapped_single_values_are_unwrapped() {
        assertThat(user("{\"userName\":\"u\",\"nickName\":[{\"value\":\"Babs\"}]}").get("nickName").textValue())
                .isEqualTo("Babs");
        assertThat(user("{\"userName\":\"u\",\"active\":[{\"value\":\"False\"}]}").get("active").booleanValue())
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"active\": 5}",
            "{\"active\": \"yes\"}",
            "{\"active\": {}}",
            "{\"userName\": 42}",
            "{\"userName\": true}",
            "{\"userName\": {\"value\": \"x\"}}",
            "{\"emails\": \"x\"}",
            "{\"emails\": [\"x\"]}",
            "{\"emails\": [{\"primary\": \"maybe\"}]}",
            "{\"emails\": [{\"value\": 5}]}",
            "{\"name\": \"Barbara\"}",
            "{\"name\": {\"givenName\": [\"a\", \"b\"]}}",
            "{\"nickName\": [\"a\", \"b\"]}",
            "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": \"x\"}",
            "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"manager\": 5}}",
            "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"employeeNumber\": 701984}}",
    })
    void wrong_value_types_are_invalid_value(String body) {
        assertThatThrownBy(() -> user(body)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_VALUE);
        });
    }

    @Test
    void invalid_value_details_name_the_attribute() {
        assertThatThrownBy(() -> user("{\"active\": 5}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("'active'"));
        assertThatThrownBy(() -> user("{\"emails\": [{\"primary\": 1}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("'emails.primary'"));
        assertThatThrownBy(() -> user("{\"emails\": \"x\"}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("'emails'").contains("array"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "42", "null", "true"})
    void a_body_that_is_not_an_object_is_invalid_syntax(String body) {
        assertThatThrownBy(() -> user(body)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_SYNTAX));
        assertThatThrownBy(() -> ResourceNormalizer.normalize(null, ResourceSchema.USER))
                .isInstanceOfSatisfying(ScimException.class,
                        e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_SYNTAX));
    }

    @Test
    void the_same_attribute_twice_with_different_values_is_invalid_syntax() {
        assertThatThrownBy(() -> user("{\"userName\":\"a\",\"USERNAME\":\"b\"}"))
                .isInstanceOfSatisfying(ScimException.class,
                        e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_SYNTAX));
        assertThat(user("{\"userName\":\"a\",\"urn:ietf:params:scim:schemas:core:2.0:User:userName\":\"a\"}"))
                .isEqualTo(parse("{\"userName\":\"a\"}"));
        assertThat(user("{\"name\":{\"givenName\":\"A\"},\"name.familyName\":\"B\"}"))
                .isEqualTo(parse("{\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"}}"));
    }

    @Test
    void group_bodies_are_normalised() {
        ObjectNode out = ResourceNormalizer.normalize(parse("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "externalId": "8aa1a0c0",
                 "DisplayName": "Group1DisplayName", "Members": [{"VALUE": "u1", "$REF": null, "display": "User 1"}],
                 "meta": {"resourceType": "Group"}, "userName": "not a group attribute"}"""), ResourceSchema.GROUP);
        assertThat(out).isEqualTo(parse("""
                {"externalId": "8aa1a0c0", "displayName": "Group1DisplayName",
                 "members": [{"value": "u1"}]}"""));
    }

    @Test
    void normalising_is_idempotent_and_does_not_share_nodes_with_the_input() {
        JsonNode input = parse("""
                {"userName": "u", "emails": [{"value": "a@b.c", "primary": "true"}], "name": {"givenName": "A"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m"}}""");
        JsonNode copy = input.deepCopy();
        ObjectNode once = ResourceNormalizer.normalize(input, ResourceSchema.USER);
        assertThat(ResourceNormalizer.normalize(once, ResourceSchema.USER)).isEqualTo(once);
        ((ObjectNode) once.get("name")).put("givenName", "changed");
        ((ObjectNode) once.get("emails").get(0)).put("value", "changed");
        assertThat(input).isEqualTo(copy);
    }
}
