package dev.scimledger.scim.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceSchemaTest {

    @ParameterizedTest(name = "{0} resolves to {1}")
    @CsvSource({
            "userName, userName",
            "USERNAME, userName",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName, userName",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:username, userName",
            "name.givenName, name.givenName",
            "Name.GIVENNAME, name.givenName",
            "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName, name.familyName",
            "emails.value, emails.value",
            "meta.lastModified, meta.lastModified",
            "id, id",
            "externalId, externalId",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department, department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value, manager.value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:EMPLOYEENUMBER, employeeNumber",
    })
    void user_attribute_names_resolve_case_insensitively_with_or_without_urn(String input, String canonical) {
        assertThat(ResourceSchema.USER.resolve(input)).get()
                .extracting(ResolvedAttribute::canonicalPath).isEqualTo(canonical);
    }

    @Test
    void extension_attributes_resolve_to_the_extension_schema() {
        ResolvedAttribute r = ResourceSchema.USER
                .resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department").orElseThrow();
        assertThat(r.extension()).isTrue();
        assertThat(r.schemaUrn()).isEqualTo(StandardSchemas.ENTERPRISE_USER_URN);
        ResolvedAttribute core = ResourceSchema.USER.resolve("userName").orElseThrow();
        assertThat(core.extension()).isFalse();
        assertThat(core.schemaUrn()).isEqualTo(StandardSchemas.USER_URN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "department", "name.nope", "userName.x", "name.givenName.x",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "urn:x:userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:id", ":", "."})
    void unknown_or_wrongly_qualified_names_do_not_resolve(String input) {
        assertThat(ResourceSchema.USER.resolve(input)).isEmpty();
    }

    @Test
    void null_name_does_not_resolve() {
        assertThat(ResourceSchema.USER.resolve(null)).isEmpty();
        assertThat(ResourceSchema.USER.attribute(null)).isEmpty();
    }

    @Test
    void user_schema_has_every_attribute_of_rfc7643_section_8_7_1() {
        List<String> names = StandardSchemas.USER.attributes().stream().map(AttributeDefinition::name).toList();
        assertThat(names).containsExactly("userName", "name", "displayName", "nickName", "profileUrl", "title",
                "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails",
                "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates");
        assertThat(StandardSchemas.ENTERPRISE_USER.attributes().stream().map(AttributeDefinition::name))
                .containsExactly("employeeNumber", "costCenter", "organization", "division", "department", "manager");
        assertThat(StandardSchemas.GROUP.attributes().stream().map(AttributeDefinition::name))
                .containsExactly("displayName", "members");
    }

    @Test
    void characteristics_follow_rfc7643() {
        AttributeDefinition userName = ResourceSchema.USER.attribute("userName").orElseThrow();
        assertThat(userName.required()).isTrue();
        assertThat(userName.uniqueness()).isEqualTo(Uniqueness.SERVER);
        assertThat(userName.caseExact()).isFalse();

        AttributeDefinition password = ResourceSchema.USER.attribute("password").orElseThrow();
        assertThat(password.mutability()).isEqualTo(Mutability.WRITE_ONLY);
        assertThat(password.returned()).isEqualTo(Returned.NEVER);

        assertThat(ResourceSchema.USER.attribute("groups").orElseThrow().mutability()).isEqualTo(Mutability.READ_ONLY);
        assertThat(ResourceSchema.USER.attribute("id").orElseThrow().mutability()).isEqualTo(Mutability.READ_ONLY);
        assertThat(ResourceSchema.USER.attribute("id").orElseThrow().returned()).isEqualTo(Returned.ALWAYS);
        assertThat(ResourceSchema.USER.attribute("meta").orElseThrow().mutability()).isEqualTo(Mutability.READ_ONLY);

        AttributeDefinition emails = ResourceSchema.USER.attribute("emails").orElseThrow();
        assertThat(emails.multiValued()).isTrue();
        assertThat(emails.type()).isEqualTo(AttributeType.COMPLEX);
        assertThat(emails.subAttributes().stream().map(AttributeDefinition::name))
                .containsExactly("value", "display", "type", "primary");
        assertThat(emails.subAttribute("TYPE").orElseThrow().canonicalValues()).containsExactly("work", "home", "other");
        assertThat(ResourceSchema.USER.attribute("emails.primary").orElseThrow().type()).isEqualTo(AttributeType.BOOLEAN);
        assertThat(ResourceSchema.USER.attribute("x509Certificates.value").orElseThrow().type())
                .isEqualTo(AttributeType.BINARY);
        assertThat(ResourceSchema.USER.attribute("profileUrl").orElseThrow().referenceTypes()).containsExactly("external");
        assertThat(ResourceSchema.USER
                .attribute("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName")
                .orElseThrow().mutability()).isEqualTo(Mutability.READ_ONLY);
        assertThat(ResourceSchema.GROUP.attribute("members.value").orElseThrow().mutability())
                .isEqualTo(Mutability.IMMUTABLE);
    }

    @Test
    void every_attribute_has_a_description() {
        for (ResourceSchema rs : ResourceSchema.all()) {
            for (Schema s : rs.extensions().isEmpty() ? List.of(rs.coreSchema())
                    : List.of(rs.coreSchema(), rs.extensions().get(0))) {
                for (AttributeDefinition a : s.attributes()) {
                    assertThat(a.description()).as(a.name()).isNotBlank();
                    a.subAttributes().forEach(sub -> assertThat(sub.description()).as(a.name() + "." + sub.name()).isNotBlank());
                }
            }
        }
    }

    @Test
    void group_resource_type_has_no_extension_and_resolves_members() {
        assertThat(ResourceSchema.GROUP.extensions()).isEmpty();
        assertThat(ResourceSchema.GROUP.schemaUrns()).containsExactly(StandardSchemas.GROUP_URN);
        assertThat(ResourceSchema.USER.schemaUrns())
                .containsExactly(StandardSchemas.USER_URN, StandardSchemas.ENTERPRISE_USER_URN);
        assertThat(ResourceSchema.GROUP.resolve("MEMBERS.Value")).get()
                .extracting(ResolvedAttribute::canonicalPath).isEqualTo("members.value");
        assertThat(ResourceSchema.GROUP.resolve("urn:ietf:params:scim:schemas:core:2.0:Group:displayName")).isPresent();
        assertThat(ResourceSchema.GROUP.resolve("userName")).isEmpty();
    }

    @Test
    void schema_renders_as_a_schemas_endpoint_resource() {
        var json = StandardSchemas.USER.toJson();
        assertThat(json.get("id").asText()).isEqualTo(StandardSchemas.USER_URN);
        assertThat(json.get("attributes")).hasSize(21);
        var userName = json.get("attributes").get(0);
        assertThat(userName.get("name").asText()).isEqualTo("userName");
        assertThat(userName.get("type").asText()).isEqualTo("string");
        assertThat(userName.get("uniqueness").asText()).isEqualTo("server");
        assertThat(userName.get("mutability").asText()).as("a provisioned userName never changes").isEqualTo("immutable");
        var emails = json.get("attributes").get(12);
        assertThat(emails.get("subAttributes")).hasSize(4);
        assertThat(StandardSchemas.ENTERPRISE_USER.toJson().get("attributes").findValuesAsText("name")
                .stream().collect(Collectors.toSet())).contains("manager", "displayName", "$ref");
    }

    @Test
    void resource_types_render_as_rfc_7643_section_6_says() {
        var user = ResourceSchema.USER.toJson();
        assertThat(user.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        assertThat(user.get("id").asText()).isEqualTo("User");
        assertThat(user.get("endpoint").asText()).isEqualTo("/Users");
        assertThat(user.get("schema").asText()).isEqualTo(StandardSchemas.USER_URN);
        assertThat(user.at("/schemaExtensions/0/schema").asText()).isEqualTo(StandardSchemas.ENTERPRISE_USER_URN);
        assertThat(user.at("/schemaExtensions/0/required").asBoolean(true)).isFalse();
        assertThat(ResourceSchema.GROUP.toJson().has("schemaExtensions")).isFalse();
        assertThat(ResourceSchema.byName("group")).contains(ResourceSchema.GROUP);
        assertThat(ResourceSchema.byName("Nope")).isEmpty();
    }

    @Test
    void user_name_and_id_are_always_returned_and_password_never() {
        assertThat(ResourceSchema.USER.attribute("userName").orElseThrow().returned()).isEqualTo(Returned.ALWAYS);
        assertThat(ResourceSchema.USER.attribute("id").orElseThrow().returned()).isEqualTo(Returned.ALWAYS);
        assertThat(ResourceSchema.USER.attribute("password").orElseThrow().returned()).isEqualTo(Returned.NEVER);
    }
}
