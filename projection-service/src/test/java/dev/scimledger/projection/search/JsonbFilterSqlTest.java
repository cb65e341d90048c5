package dev.scimledger.projection.search;

import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL shape of filter and sort translation, without a database (the HTTP tests run it against PostgreSQL):
 * values only as parameters, the whitelist, and the hooks a resource type kept partly outside the jsonb uses.
 */
class JsonbFilterSqlTest {

    private static final JsonbFilterSql USERS = JsonbFilterSql.builder(ResourceSchema.USER, "attributes", "user_id")
            .column("id", "user_id")
            .column("userName", "user_name")
            .column("meta.created", "created")
            .defaultOrder("created, user_id")
            .build();

    /** Groups as their read model keeps them: members in a table of their own. */
    private static final JsonbFilterSql GROUPS = JsonbFilterSql.builder(ResourceSchema.GROUP, "attributes", "group_id")
            .column("id", "group_id")
            .column("displayName", "display_name")
            .elementsFrom("members", "SELECT jsonb_build_object('value', m.member_id, 'type', m.member_type) "
                    + "FROM scim_group_member m WHERE m.group_id = scim_group.group_id")
            .build();

    private static final String MARKER = "x') OR 1=1 --";

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"%s\"",
            "name.familyName co \"%s\"",
            "emails[type eq \"work\" and value sw \"%s\"]",
            "not (title ew \"%s\")",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"%s\"",
            "emails.value gt \"%s\" or id ne \"%s\""})
    void valuesTravelOnlyAsParameters(String template) {
        JsonbFilterSql.Where where = USERS.where(template.formatted(MARKER, MARKER));
        assertThat(where.sql()).doesNotContain("OR 1=1").doesNotContain(MARKER);
        assertThat(where.parameters()).isNotEmpty();
        assertThat(where.parameters().stream().map(String::valueOf)).anyMatch(p -> p.contains("OR 1=1"));
    }

    @Test
    void stringsFoldCaseUnlessCaseExactAndNotIsTwoValued() {
        assertThat(USERS.where("userName eq \"A\"").sql()).isEqualTo("(lower(user_name) = lower(?::text))");
        assertThat(USERS.where("id eq \"A\"").sql()).isEqualTo("(user_id = ?::text)");
        assertThat(USERS.where("not (title eq \"A\")").sql())
                .isEqualTo("(NOT COALESCE((lower((attributes->'title' #>> '{}')) = lower(?::text)), FALSE))");
        assertThat(USERS.where("").sql()).isEqualTo("TRUE");
    }

    @Test
    void substringPatternsEscapeLikeWildcards() {
        JsonbFilterSql.Where where = USERS.where("userName co \"50%_a\\\\b\"");
        assertThat(where.parameters()).containsExactly("%50\\%\\_a\\\\b%");
        assertThat(where.sql()).contains("LIKE lower(?::text) ESCAPE '\\'");
    }

    @Test
    void multiValuedAttributesKeptElsewhereAreFilteredThroughTheirSubquery() {
        JsonbFilterSql.Where where = GROUPS.where("members[value eq \"u1\"] or members.value eq \"u2\" or members eq \"u3\"");
        assertThat(where.sql()).contains("FROM (SELECT jsonb_build_object('value', m.member_id")
                .doesNotContain("attributes->'members'");
        assertThat(where.parameters()).containsExactly("u1", "u2", "u3");
        assertThat(GROUPS.where("members pr").sql()).startsWith("EXISTS (SELECT 1 FROM (SELECT jsonb_build_object");
        assertThat(GROUPS.where("displayName sw \"Tour\"").sql()).isEqualTo("(lower(display_name) LIKE lower(?::text) ESCAPE '\\')");
    }

    @Test
    void customTranslationsTakeOverTheirAttribute() {
        JsonbFilterSql custom = JsonbFilterSql.builder(ResourceSchema.GROUP, "attributes", "group_id")
                .custom("members", (leaf, attribute, parameters) -> {
                    parameters.add(((Comparison) leaf).value().asText());
                    return "member_of(group_id, ?)";
                })
                .build();
        JsonbFilterSql.Where where = custom.where("not (members.value eq \"u1\")");
        assertThat(where.sql()).isEqualTo("(NOT COALESCE(member_of(group_id, ?), FALSE))");
        assertThat(where.parameters()).containsExactly("u1");
        assertThatThrownBy(() -> custom.orderBy("members.value", false)).isInstanceOf(ScimException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password pr", "meta.location pr", "groups.value eq \"g\"", "nope pr", "department pr",
            "name eq \"x\"", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName pr"})
    void onlyStoredAttributesOfTheSchemaAreSearchable(String filter) {
        assertThatThrownBy(() -> USERS.where(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType().wireName()).isEqualTo("invalidFilter");
        });
    }

    @Test
    void ordersAreStableByIdAndCollatedByCodePoint() {
        assertThat(USERS.orderBy(null, true)).isEqualTo("created, user_id");
        assertThat(USERS.orderBy("userName", true)).isEqualTo("lower(user_name) COLLATE \"C\" DESC, user_id ASC");
        assertThat(USERS.orderBy("meta.created", false)).isEqualTo("created ASC, user_id ASC");
        assertThat(USERS.orderBy("emails", false)).contains("WITH ORDINALITY").contains("'primary'").endsWith(", user_id ASC");
        assertThat(GROUPS.orderBy("members.value", false)).contains("FROM (SELECT jsonb_build_object").doesNotContain("ORDINALITY");
        for (String sortBy : List.of("password", "name", "meta.location", "schemas", "a b")) {
            assertThatThrownBy(() -> USERS.orderBy(sortBy, false)).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.scimType().wireName()).isEqualTo("invalidValue"));
        }
    }

    @Test
    void theBuilderRefusesWhatCannotBeMapped() {
        var builder = JsonbFilterSql.builder(ResourceSchema.USER, "attributes", "user_id");
        assertThatThrownBy(() -> builder.column("nope", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.column("name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.column("emails.value", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.elementsFrom("name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.custom("name.givenName", (l, a, p) -> "TRUE"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
