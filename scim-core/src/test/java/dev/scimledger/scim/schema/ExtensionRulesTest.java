package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scimledger.scim.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a declared extension's required and immutable attributes hold a resource to, write after write. */
class ExtensionRulesTest {

    private static final String URN = "urn:acme:scim:User";
    private static final ResourceSchema USER = ResourceSchema.USER.withExtensions(List.of(DeclaredSchemas.declarable(
            object("""
                    {"id": "urn:acme:scim:User", "attributes": [
                      {"name": "badge", "required": true},
                      {"name": "hireId", "mutability": "immutable"},
                      {"name": "devices", "type": "complex", "multiValued": true, "subAttributes": [
                        {"name": "value", "required": true}, {"name": "type"}]}]}"""))));

    private static ObjectNode with(String extension) {
        return object("{\"userName\": \"ann\", \"" + URN + "\": " + extension + "}");
    }

    private static void refused(ObjectNode before, ObjectNode after, ScimErrorType type, String detail) {
        assertThatThrownBy(() -> ExtensionRules.check(USER, before, after))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(type);
                })
                .hasMessageContaining(detail);
    }

    @Test
    void aResourceWithoutTheExtensionNeedsNoneOfItsAttributes() {
        assertThatCode(() -> ExtensionRules.check(USER, null, object("{\"userName\": \"ann\"}")))
                .doesNotThrowAnyException();
    }

    @Test
    void aResourceWithTheExtensionCarriesItsRequiredAttributes() {
        refused(null, with("{\"hireId\": \"H-1\"}"), ScimErrorType.INVALID_VALUE, URN + ":badge");
        refused(null, with("{\"badge\": \"\"}"), ScimErrorType.INVALID_VALUE, URN + ":badge");
        refused(null, with("{\"badge\": \"B\", \"devices\": [{\"value\": \"d1\"}, {\"type\": \"phone\"}]}"),
                ScimErrorType.INVALID_VALUE, URN + ":devices.value");
        assertThatCode(() -> ExtensionRules.check(USER, null, with("{\"badge\": \"B\", \"devices\": [{\"value\": \"d\"}]}")))
                .doesNotThrowAnyException();
    }

    @Test
    void anImmutableValueMayBeSetOnceAndNeverChangedOrRemoved() {
        ObjectNode unset = with("{\"badge\": \"B\"}");
        ObjectNode set = with("{\"badge\": \"B\", \"hireId\": \"H-1\"}");
        assertThatCode(() -> ExtensionRules.check(USER, unset, set)).doesNotThrowAnyException();
        assertThatCode(() -> ExtensionRules.check(USER, set, set.deepCopy())).doesNotThrowAnyException();
        refused(set, with("{\"badge\": \"B\", \"hireId\": \"H-2\"}"), ScimErrorType.MUTABILITY, "immutable");
        refused(set, unset, ScimErrorType.MUTABILITY, "removed");
        refused(set, object("{\"userName\": \"ann\"}"), ScimErrorType.MUTABILITY, "removed");
    }

    @Test
    void theJsonSchemaOfAnExtensionTypesEveryStoredAttributeAndAllowsTheErasedForm() {
        ObjectNode schema = ExtensionJsonSchema.of(USER.extension(URN).orElseThrow(), "urn:test");
        assertThat(schema.path("$id").asText()).isEqualTo("urn:test");
        ObjectNode object = (ObjectNode) schema.path("anyOf").get(0);
        assertThat(object.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(object.path("properties").path("devices").path("type").asText()).isEqualTo("array");
        assertThat(object.path("properties").path("devices").path("items").path("properties").has("value")).isTrue();
        assertThat(schema.path("anyOf").get(1).path("const").asText()).isEqualTo("[erased]");
    }
}
