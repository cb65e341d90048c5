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
}
