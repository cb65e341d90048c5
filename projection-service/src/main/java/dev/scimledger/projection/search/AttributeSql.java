package dev.scimledger.projection.search;

import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.AttributeType;
import dev.scimledger.scim.schema.Mutability;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.Returned;

import java.util.Locale;
import java.util.function.Function;

/** Where an attribute's values are in SQL, shared by the filter and the sort translation. */
final class AttributeSql {

    /** The alias of one value while iterating a multi-valued attribute: {@code ... AS e(v)}. */
    static final String ELEMENT = "e.v";

    /**
     * One value in SQL: an expression of the SQL type of its schema type (text, boolean, numeric, timestamptz);
     * {@code neverNull} when it is a NOT NULL column.
     */
    record Operand(AttributeDefinition definition, String sql, boolean neverNull) {
        Operand(AttributeDefinition definition, String sql) {
            this(definition, sql, false);
        }

        boolean isString() {
            return AttributeSql.isString(definition);
        }

        /** The SQL type the expression has. */
        String sqlType() {
            return switch (definition.type()) {
                case BOOLEAN -> "boolean";
                case INTEGER, DECIMAL -> "numeric";
                case DATE_TIME -> "timestamptz";
                default -> "text";
            };
        }
    }

    /**
     * RFC 3339 date-times only: the jsonb holds what {@code ResourceNormalizer} accepted (ISO date-times), and
     * anything PostgreSQL could not cast must not reach the cast. No {@code ?} in it: the JDBC driver would not
     * mind inside a literal, but a reader would.
     */
    private static final String DATE_TIME_PATTERN =
            "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+){0,1}){0,1}(Z|z|[+-][0-9]{2}:[0-9]{2}){0,1}$'";

    private AttributeSql() {
    }

    /**
     * Resolves a path against the resource type's schema (the bare {@code manager} as Entra sends it, too): unknown
     * attributes and those never returned (a password) are not searchable.
     */
    static ResolvedAttribute resolve(JsonbFilterSql table, AttributePath path, Function<String, ScimException> error) {
        ResolvedAttribute resolved = table.schema().resolveAsEntraSends(path.schemaUrn(), path.name(),
                        path.subAttribute())
                .orElseThrow(() -> error.apply(path.render()));
        if (resolved.attribute().returned() == Returned.NEVER || resolved.target().returned() == Returned.NEVER) {
            throw error.apply(path.render());
        }
        return resolved;
    }

    /**
     * The single value a resolved path designates, outside any multi-valued attribute: its column, or its place in
     * the jsonb column. ReadOnly attributes are not stored in the jsonb, so without a column they are not
     * searchable.
     */
    static Operand single(JsonbFilterSql table, ResolvedAttribute path, Function<String, ScimException> error) {
        String column = table.column(path);
        if (column != null) {
            return new Operand(path.target(), column, table.columnNeverNull(path));
        }
        if (!stored(path)) {
            throw error.apply(display(path));
        }
        return new Operand(path.target(), typed(jsonb(table, path), path.target()));
    }

    /** The jsonb of a (non-column) attribute or sub-attribute in the jsonb column. */
    static String jsonb(JsonbFilterSql table, ResolvedAttribute path) {
        StringBuilder sql = new StringBuilder(table.jsonbColumn());
        if (path.extension()) {
            sql.append("->").append(literal(path.schemaUrn()));
        }
        sql.append("->").append(literal(path.attribute().name()));
        if (path.subAttribute() != null) {
            sql.append("->").append(literal(path.subAttribute().name()));
        }
        return sql.toString();
    }

    /**
     * One value ({@link #ELEMENT}) of a multi-valued attribute: the element itself for a simple attribute, its
     * sub-attribute {@code sub} for a complex one.
     */
    static Operand element(JsonbFilterSql table, ResolvedAttribute attribute, AttributeDefinition sub,
                           Function<String, ScimException> error) {
        ResolvedAttribute target = new ResolvedAttribute(attribute.schemaUrn(), attribute.extension(),
                attribute.attribute(), sub);
        JsonbFilterSql.Elements elements = table.elements(attribute);
        if (elements == null && !stored(target)) {
            throw error.apply(display(target));
        }
        if (elements != null && elements.subColumns() != null) {
            String column = sub == null ? null : elements.subColumns().get(sub.name().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw error.apply(display(target));
            }
            return new Operand(sub, "e." + column);
        }
        if (sub == null) {
            return new Operand(attribute.attribute(), typed(ELEMENT, attribute.attribute()));
        }
        return new Operand(sub, typed(ELEMENT + "->" + literal(sub.name()), sub));
    }

    /**
     * Whether the values of a multi-valued attribute can be searched at all (for {@code pr} on the attribute):
     * stored in the jsonb, or declared elsewhere.
     */
    static void checkSearchable(JsonbFilterSql table, ResolvedAttribute attribute,
                                Function<String, ScimException> error) {
        ResolvedAttribute whole = new ResolvedAttribute(attribute.schemaUrn(), attribute.extension(),
                attribute.attribute(), null);
        if (table.elements(attribute) == null && !stored(whole)) {
            throw error.apply(display(whole));
        }
    }

    /**
     * A FROM item, aliased {@code e}, yielding the values of a multi-valued attribute: as rows of one jsonb column
     * {@code e.v} (with their 1-based position {@code e.i} when {@code withOrdinality} and they come from the
     * jsonb), or as the rows of a subquery with a column per sub-attribute.
     */
    static String elements(JsonbFilterSql table, ResolvedAttribute attribute, boolean withOrdinality) {
        JsonbFilterSql.Elements elements = table.elements(attribute);
        if (elements != null) {
            return "(" + elements.select() + ") AS " + (elements.subColumns() == null ? "e(v)" : "e");
        }
        String array = jsonb(table, new ResolvedAttribute(attribute.schemaUrn(), attribute.extension(),
                attribute.attribute(), null));
        return "jsonb_array_elements(CASE WHEN jsonb_typeof(" + array + ") = 'array' THEN " + array
                + " ELSE '[]'::jsonb END)" + (withOrdinality ? " WITH ORDINALITY AS e(v, i)" : " AS e(v)");
    }

    /** The SQL telling whether a value ({@code e}) is its attribute's primary one, or null when it has no primary. */
    static String primary(JsonbFilterSql table, ResolvedAttribute attribute) {
        if (attribute.attribute().subAttribute("primary").isEmpty() || !attribute.attribute().isComplex()) {
            return null;
        }
        JsonbFilterSql.Elements elements = table.elements(attribute);
        if (elements != null && elements.subColumns() != null) {
            String column = elements.subColumns().get("primary");
            return column == null ? null : "COALESCE(e." + column + ", FALSE)";
        }
        return ELEMENT + "->'primary' = 'true'::jsonb";
    }

    /** The {@code value} sub-attribute a multi-valued complex attribute is compared by when none is named. */
    static AttributeDefinition defaultSub(ResolvedAttribute attribute) {
        if (attribute.subAttribute() != null) {
            return attribute.subAttribute();
        }
        return attribute.attribute().isComplex() ? attribute.attribute().subAttribute("value").orElse(null) : null;
    }

    /** A path as a client would write it: URN-qualified only for extension attributes. */
    static String display(ResolvedAttribute path) {
        return path.extension() ? path.qualifiedPath() : path.canonicalPath();
    }

    private static boolean stored(ResolvedAttribute path) {
        return path.attribute().mutability() != Mutability.READ_ONLY
                && (path.subAttribute() == null || path.subAttribute().mutability() != Mutability.READ_ONLY);
    }

    /**
     * A jsonb value as its SQL type. Guarded by the jsonb type so that a value of another type is NULL (no match)
     * rather than a failed cast.
     */
    static String typed(String jsonb, AttributeDefinition definition) {
        return switch (definition.type()) {
            case BOOLEAN -> "(CASE WHEN jsonb_typeof(" + jsonb + ") = 'boolean' THEN (" + jsonb + ")::boolean END)";
            case INTEGER, DECIMAL -> "(CASE WHEN jsonb_typeof(" + jsonb + ") = 'number' THEN (" + jsonb + ")::numeric END)";
            case DATE_TIME -> "(CASE WHEN (" + jsonb + " #>> '{}') ~ " + DATE_TIME_PATTERN + " THEN (" + jsonb
                    + " #>> '{}')::timestamptz END)";
            case COMPLEX -> jsonb;
            default -> "(" + jsonb + " #>> '{}')";
        };
    }

    static boolean isString(AttributeDefinition definition) {
        AttributeType type = definition.type();
        return type == AttributeType.STRING || type == AttributeType.REFERENCE || type == AttributeType.BINARY;
    }

    /**
     * A SQL string literal of a schema-defined name (never client input: names come from the schema's definitions
     * after resolution).
     */
    static String literal(String name) {
        return "'" + name.replace("'", "''") + "'";
    }
}
