package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static dev.scimledger.scim.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A declared extension is read from RFC 7643 §7's own representation: every standard schema, as {@code /Schemas}
 * renders it, declared under another URN reads back as the same schema; anything the server could not honour is a 400
 * naming it.
 */
class DeclaredSchemasTest {

    static Stream<Schema> standardSchemas() {
        return Stream.of(StandardSchemas.USER, StandardSchemas.ENTERPRISE_USER, StandardSchemas.GROUP);
    }

    @ParameterizedTest
    @MethodSource("standardSchemas")
    void everyStandardSchemaAsSchemasRendersItReadsBackTheSame(Schema standard) {
        ObjectNode declared = standard.toJson();
        String urn = "urn:ietf:params:scim:schemas:extension:acme:2.0:" + standard.name();
        declared.put("id", urn);
        Schema parsed = DeclaredSchemas.parse(declared);
        assertThat(parsed).isEqualTo(new Schema(urn, standard.name(), standard.description(), standard.attributes()));
        assertThat(parsed.toJson()).isEqualTo(declared);
    }

    @Test
    void absentCharacteristicsTakeRfc7643sDefaults() {
        Schema parsed = DeclaredSchemas.parse(object("""
                {"id": "urn:acme:scim:User", "attributes": [{"name": "badge"}]}"""));
        assertThat(parsed.attributes()).containsExactly(new AttributeDefinition("badge", AttributeType.STRING, false,
                "", false, false, Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "not a URN          | {\"id\": \"acme-extension\", \"attributes\": [{\"name\": \"a\"}]}                    | URN",
            "the core schema    | {\"id\": \"urn:ietf:params:scim:schemas:core:2.0:User\", \"attributes\": [{\"name\": \"a\"}]} | service's own",
            "the enterprise one | {\"id\": \"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER\", \"attributes\": [{\"name\": \"a\"}]} | service's own",
            "no attributes      | {\"id\": \"urn:acme:scim:User\", \"attributes\": []}                                 | non-empty",
            "a bad name         | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"1st\"}]}               | RFC 7643",
            "a dotted name      | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a.b\"}]}               | RFC 7643",
            "a name twice       | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\"}, {\"name\": \"A\"}]} | declared twice",
            "an unknown type    | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"type\": \"text\"}]} | one of string",
            "a misspelt key     | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"mutable\": true}]} | no characteristic",
            "complex, no subs   | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"type\": \"complex\"}]} | needs a non-empty",
            "nested complex     | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"type\": \"complex\", \"subAttributes\": [{\"name\": \"b\", \"type\": \"complex\", \"subAttributes\": [{\"name\": \"c\"}]}]}]} | simple",
            "subs on a string   | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"subAttributes\": [{\"name\": \"b\"}]}]} | only a complex",
            "canonical, boolean | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"type\": \"boolean\", \"canonicalValues\": [\"x\"]}]} | only a string",
            "a bad mutability   | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"mutability\": \"sometimes\"}]} | readOnly",
            "required as text   | {\"id\": \"urn:acme:scim:User\", \"attributes\": [{\"name\": \"a\", \"required\": \"yes\"}]} | true or false",
            "not an object      | [1, 2]                                                                             | JSON object"})
    void whatTheServerCouldNotHonourIsRefusedByName(String name, String declaration, String detail) {
        assertThatThrownBy(() -> DeclaredSchemas.parse(dev.scimledger.scim.Json.parse(declaration)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_VALUE);
                    assertThat(e.detail()).contains(detail);
                });
    }

    /**
     * A declared extension joins a resource type like the enterprise one: written under its URN or URN-qualified,
     * normalised to its types, patched by its qualified path, known to the unknown-attribute walk, listed by
     * /ResourceTypes; unqualified, its names stay unknown.
     */
    @Test
    void aDeclaredExtensionJoinsTheResourceTypeLikeTheEnterpriseOne() {
        String urn = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
        Schema acme = DeclaredSchemas.parse(object("""
                {"id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
                 "attributes": [{"name": "badge", "type": "integer"},
                                {"name": "remote", "type": "boolean"},
                                {"name": "skills", "multiValued": true},
                                {"name": "desk", "type": "complex", "subAttributes": [{"name": "building"}, {"name": "floor", "type": "integer"}]}]}"""));
        ResourceSchema user = ResourceSchema.USER.withExtensions(java.util.List.of(acme));
        assertThat(user.schemaUrns()).containsExactly(StandardSchemas.USER_URN, StandardSchemas.ENTERPRISE_USER_URN, urn);
        assertThat(user.toJson().get("schemaExtensions").findValuesAsText("schema")).contains(urn);
        assertThat(ResourceSchema.USER.schemaUrns()).as("the shared type is unchanged").doesNotContain(urn);

        ObjectNode body = object("""
                {"userName": "a", "urn:ietf:params:scim:schemas:extension:acme:2.0:User": {"BADGE": 7, "remote": "True",
                  "desk": {"building": "B4", "floor": 2}},
                 "urn:ietf:params:scim:schemas:extension:acme:2.0:User:skills": ["java"], "badge": 9}""");
        assertThat(dev.scimledger.scim.resource.UnknownAttributes.inResource(body, user)).containsExactly("badge");
        ObjectNode normalised = dev.scimledger.scim.resource.ResourceNormalizer.normalize(body, user);
        assertThat(normalised.get(urn)).isEqualTo(object("""
                {"badge": 7, "remote": true, "skills": ["java"], "desk": {"building": "B4", "floor": 2}}"""));
        assertThat(normalised.has("badge")).isFalse();
        assertThatThrownBy(() -> dev.scimledger.scim.resource.ResourceNormalizer.normalize(object("""
                {"userName": "a", "urn:ietf:params:scim:schemas:extension:acme:2.0:User": {"badge": "seven"}}"""), user))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_VALUE));

        ObjectNode patched = dev.scimledger.scim.patch.ResourcePatcher.apply(normalised,
                dev.scimledger.scim.patch.PatchRequest.parse(dev.scimledger.scim.Json.parse("""
                        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                          {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:acme:2.0:User:desk.floor", "value": 3},
                          {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:acme:2.0:User:skills", "value": ["sql"]}]}""")),
                user);
        assertThat(patched.at("/" + urn + "/desk/floor").asInt()).isEqualTo(3);
        assertThat(patched.get(urn).get("skills")).hasSize(2);

        assertThatThrownBy(() -> user.withExtensions(java.util.List.of(acme))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceSchema.USER.withExtensions(java.util.List.of(StandardSchemas.ENTERPRISE_USER)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
