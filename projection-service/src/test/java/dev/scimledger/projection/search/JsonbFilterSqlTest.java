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
            .notNullColumn("meta.created", "created")
            .defaultSortBy("meta.created")
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
        assertThat(USERS.orderBy(null, true)).as("sortOrder alone changes nothing").isEqualTo("created ASC, user_id ASC");
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

    /** Members as the group read model declares them: a column per sub-attribute, so an index can serve a filter. */
    private static final JsonbFilterSql GROUP_COLUMNS = JsonbFilterSql.builder(ResourceSchema.GROUP, "attributes", "group_id")
            .notNullColumn("id", "group_id")
            .elementsFrom("members", "SELECT m.member_id, m.member_type FROM scim_group_member m "
                    + "WHERE m.group_id = scim_group.group_id", java.util.Map.of("value", "member_id", "type", "member_type"))
            .build();

    @Test
    void subAttributeColumnsAreComparedAsTheyAreAndUnmappedSubAttributesAreNotSearchable() {
        JsonbFilterSql.Where where = GROUP_COLUMNS.where("members[value eq \"u1\" and type eq \"User\"]");
        assertThat(where.sql()).isEqualTo("EXISTS (SELECT 1 FROM (SELECT m.member_id, m.member_type FROM scim_group_member m "
                + "WHERE m.group_id = scim_group.group_id) AS e WHERE ((lower(e.member_id) = lower(?::text)) AND "
                + "(lower(e.member_type) = lower(?::text))))");
        assertThat(GROUP_COLUMNS.where("members pr").sql()).endsWith(" AS e WHERE TRUE)");
        assertThat(GROUP_COLUMNS.where("members eq \"u1\"").sql()).contains("lower(e.member_id)");
        for (String filter : List.of("members.display eq \"x\"", "members.$ref pr")) {
            assertThatThrownBy(() -> GROUP_COLUMNS.where(filter)).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.scimType().wireName()).isEqualTo("invalidFilter"));
        }
        assertThat(GROUP_COLUMNS.orderBy("members.value", false)).isEqualTo(
                "(SELECT lower(e.member_id) AS k FROM (SELECT m.member_id, m.member_type FROM scim_group_member m WHERE "
                        + "m.group_id = scim_group.group_id) AS e ORDER BY k LIMIT 1) COLLATE \"C\" ASC, group_id ASC");
        var builder = JsonbFilterSql.builder(ResourceSchema.GROUP, "attributes", "group_id");
        assertThatThrownBy(() -> builder.elementsFrom("members", "x", java.util.Map.of("nope", "c")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.elementsFrom("members", "x", java.util.Map.of("value", "c; drop"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysetConditionsFollowTheOrderAndItsUnassignedValues() {
        JsonbFilterSql.Order byCreation = USERS.order(null, false);
        assertThat(byCreation.after("2026-01-02 03:04:05.678+00", "u1"))
                .as("a NOT NULL key: a row comparison an index on (created, user_id) serves")
                .isEqualTo(new JsonbFilterSql.Where("((created, user_id) > (?::timestamptz, ?))",
                        List.of("2026-01-02 03:04:05.678+00", "u1")));
        JsonbFilterSql.Order byTitle = USERS.order("title", false);
        String title = "lower((attributes->'title' #>> '{}')) COLLATE \"C\"";
        assertThat(byTitle.keyAsText()).isEqualTo("(" + title + ")::text");
        assertThat(byTitle.after("b", "u1").sql()).isEqualTo("(" + title + " > ?::text OR (" + title
                + " = ?::text AND user_id > ?) OR " + title + " IS NULL)");
        assertThat(byTitle.after(null, "u1").sql()).isEqualTo("(" + title + " IS NULL AND user_id > ?)");
        JsonbFilterSql.Order descending = USERS.order("title", true);
        assertThat(descending.after("b", "u1").sql()).isEqualTo("(" + title + " < ?::text OR (" + title
                + " = ?::text AND user_id > ?))");
        assertThat(descending.after(null, "u1").sql()).isEqualTo("(" + title + " IS NOT NULL OR user_id > ?)");
        for (String forged : List.of("yesterday", "2026-01-02'; --")) {
            assertThatThrownBy(() -> byCreation.after(forged, "u1")).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.scimType().wireName()).isEqualTo("invalidCursor"));
        }
        assertThatThrownBy(() -> USERS.order("active", false).after("maybe", "u1")).isInstanceOf(ScimException.class);
    }
}
