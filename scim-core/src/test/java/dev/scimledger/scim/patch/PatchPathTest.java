package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchPathTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static Comparison eq(String attr, String value) {
        return new Comparison(AttributePath.of(attr), ComparisonOperator.EQ, TextNode.valueOf(value));
    }

    @Test
    void parses_the_path_forms_of_rfc7644_and_entra() {
        assertThat(PatchPath.parse("userName")).isEqualTo(new PatchPath(null, "userName", null, null));
        assertThat(PatchPath.parse("name.givenName")).isEqualTo(new PatchPath(null, "name", null, "givenName"));
        assertThat(PatchPath.parse("members")).isEqualTo(new PatchPath(null, "members", null, null));
        assertThat(PatchPath.parse("members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"))
                .isEqualTo(new PatchPath(null, "members", eq("value", "2819c223-7f76-453a-919d-413861904646"), null));
        assertThat(PatchPath.parse("emails[type eq \"work\"].value"))
                .isEqualTo(new PatchPath(null, "emails", eq("type", "work"), "value"));
        assertThat(PatchPath.parse("addresses[type eq \"work\"].streetAddress"))
                .isEqualTo(new PatchPath(null, "addresses", eq("type", "work"), "streetAddress"));
        assertThat(PatchPath.parse("emails[type eq \"work\" and value ew \"example.com\"]"))
                .isEqualTo(new PatchPath(null, "emails",
                        new And(eq("type", "work"), new Comparison(AttributePath.of("value"), ComparisonOperator.EW,
                                TextNode.valueOf("example.com"))), null));
        assertThat(PatchPath.parse(ENTERPRISE + ":manager")).isEqualTo(new PatchPath(ENTERPRISE, "manager", null, null));
        assertThat(PatchPath.parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName"))
                .isEqualTo(new PatchPath("urn:ietf:params:scim:schemas:core:2.0:User", "name", null, "familyName"));
        assertThat(PatchPath.parse("members[value eq \"a]b\"]")).isEqualTo(new PatchPath(null, "members", eq("value", "a]b"), null));
        assertThat(PatchPath.parse("  title  ")).isEqualTo(new PatchPath(null, "title", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName", "name.givenName", "emails[type eq \"work\"].value",
            "members[value eq \"2819c223\"]", ENTERPRISE + ":manager", ENTERPRISE + ":manager.value",
            "emails[not (type eq \"work\") or primary eq true].display"})
    void renders_back_to_an_equal_path(String text) {
        PatchPath p = PatchPath.parse(text);
        assertThat(PatchPath.parse(p.render())).isEqualTo(p);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "   ", "emails[", "emails[type eq \"work\"", "emails[type eq work]",
            "emails[type eq \"work\"]value", "emails[type eq \"work\"].", "emails[type eq \"work\"].a.b",
            "emails[type[value eq \"x\"]]", "name.givenName[x eq \"y\"]", "name.givenName.x", "1abc", "a b",
            "emails[]", "emails[type eq \"work\"][x pr]", "urn:x:", "(userName)", "userName eq \"x\"",
            "emails[type eq \"x\"].value.x", "\"userName\""})
    void rejects_bad_paths_with_invalid_path(String text) {
        assertThatThrownBy(() -> PatchPath.parse(text)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_PATH);
        });
    }

    @Test
    void null_path_is_invalid_path() {
        assertThatThrownBy(() -> PatchPath.parse(null)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_PATH));
    }
}
