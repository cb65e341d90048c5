package dev.scimledger.projection.search;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Translates SCIM filters (RFC 7644 §3.4.2.2) and sortBy (§3.4.2.3) over one resource type into parameterised SQL
 * on a table that keeps the resource's attributes, in their normalised form ({@code ResourceNormalizer}), in one
 * jsonb column, with some of them also (or only) in columns of their own.
 *
 * <p>What can be searched is the resource type's schema, nothing else: every attribute and sub-attribute of the
 * core schema, its extensions (URN-qualified) and the common attributes, except those {@code returned: never}
 * ({@code password}). Anything else is 400 invalidFilter for a filter and 400 invalidValue for sortBy, naming the
 * attribute; never a silently empty result. Where each attribute is:
 * <ul>
 *   <li>a {@link Builder#column column} when one is declared for it (its SQL type must match the schema type:
 *       text, boolean, numeric or timestamptz);</li>
 *   <li>the values of {@link Builder#elementsFrom a subquery} for a multi-valued attribute kept elsewhere (a
 *       membership table), each value one jsonb row;</li>
 *   <li>whatever a {@link Builder#custom custom translation} makes of it;</li>
 *   <li>otherwise in the jsonb column, under its canonical name (extension attributes inside the object under the
 *       extension URN). ReadOnly attributes are computed by the server and never stored there
 *       ({@code ResourceNormalizer} drops them), so an unmapped readOnly attribute is not searchable.</li>
 * </ul>
 * Comparisons follow the schema: {@code caseExact} strings compare as they are, others through {@code lower()} on
 * both sides; ordering uses code-point order ({@code COLLATE "C"}, RFC 7644: no locale implied); booleans take
 * {@code eq}/{@code ne} with true/false; numbers and dateTimes order as such; a multi-valued attribute matches when
 * any value does. Values only ever travel as bind parameters; the only names written into the SQL are the schema's
 * own canonical attribute names and the SQL given to the builder.
 *
 * <p>Immutable and thread-safe: build one per resource type and share it.
 */
public final class JsonbFilterSql {

    /** A SQL condition and its bind parameters, in order. */
    public record Where(String sql, List<Object> parameters) {
        public Where {
            Objects.requireNonNull(sql);
            parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        }
    }

    /**
     * A translation of its own for filters on one attribute, for data the jsonb column does not hold.
     */
    @FunctionalInterface
    public interface CustomAttribute {
        /**
         * @param leaf       a {@code Comparison} or {@code Present} on the attribute (or one of its sub-attributes),
         *                   or a {@code ValuePathFilter} on it
         * @param attribute  the attribute the leaf names, resolved against the schema
         * @param parameters where to append the bind values of the returned SQL, in the order of its {@code ?}
         * @return a SQL boolean condition; values must travel as parameters
         * @throws ScimException 400 invalidFilter for a leaf it cannot translate
         */
        String condition(Filter leaf, ResolvedAttribute attribute, List<Object> parameters);
    }

    private final ResourceSchema schema;
    private final String jsonbColumn;
    private final String idColumn;
    private final String defaultOrder;
    private final Map<String, String> columns;
    private final Map<String, String> elements;
    private final Map<String, CustomAttribute> custom;

    private JsonbFilterSql(Builder b) {
        this.schema = b.schema;
        this.jsonbColumn = b.jsonbColumn;
        this.idColumn = b.idColumn;
        this.defaultOrder = b.defaultOrder == null ? b.idColumn : b.defaultOrder;
        this.columns = Map.copyOf(b.columns);
        this.elements = Map.copyOf(b.elements);
        this.custom = Map.copyOf(b.custom);
    }

    /**
     * @param schema      the resource type searched
     * @param jsonbColumn the SQL of the jsonb column holding the normalised attributes, e.g. {@code attributes}
     * @param idColumn    the SQL of the resource id column: the tie-break that makes every order stable
     */
    public static Builder builder(ResourceSchema schema, String jsonbColumn, String idColumn) {
        return new Builder(schema, jsonbColumn, idColumn);
    }

    /** The condition for a filter, or {@code TRUE} without parameters when the filter is null or blank. */
    public Where where(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Where("TRUE", List.of());
        }
        return where(FilterParser.parse(filter));
    }

    /** The condition for a parsed filter. */
    public Where where(Filter filter) {
        List<Object> parameters = new ArrayList<>();
        String sql = filter.accept(new FilterTranslator(this, parameters, false, null));
        return new Where(sql, parameters);
    }

    /**
     * The content of an ORDER BY clause: by {@code sortBy} (null: the default order) in the given direction,
     * unassigned values last when ascending and first when descending (RFC 7644 §3.4.2.3, which is PostgreSQL's
     * default), ties broken by id so that paging is stable.
     *
     * @throws ScimException 400 invalidValue when sortBy names nothing sortable of this resource type
     */
    public String orderBy(String sortBy, boolean descending) {
        if (sortBy == null || sortBy.isBlank()) {
            return defaultOrder;
        }
        return SortTranslator.orderBy(this, sortBy.strip(), descending);
    }

    ResourceSchema schema() {
        return schema;
    }

    String jsonbColumn() {
        return jsonbColumn;
    }

    String idColumn() {
        return idColumn;
    }

    /** The column declared for a resolved path, or null. */
    String column(ResolvedAttribute path) {
        return columns.get(key(path.schemaUrn(), path.canonicalPath()));
    }

    /** The subquery declared for a multi-valued attribute's values, or null. */
    String elements(ResolvedAttribute path) {
        return elements.get(key(path.schemaUrn(), path.attribute().name()));
    }

    CustomAttribute custom(ResolvedAttribute path) {
        return custom.get(key(path.schemaUrn(), path.attribute().name()));
    }

    /** "Users", for error details. */
    String plural() {
        return schema.endpoint().startsWith("/") ? schema.endpoint().substring(1) : schema.name();
    }

    private static String key(String schemaUrn, String path) {
        return (schemaUrn + ":" + path).toLowerCase(Locale.ROOT);
    }

    /** Declares where attributes live when not in the jsonb column. Names resolve as in a filter. */
    public static final class Builder {
        private final ResourceSchema schema;
        private final String jsonbColumn;
        private final String idColumn;
        private String defaultOrder;
        private final Map<String, String> columns = new HashMap<>();
        private final Map<String, String> elements = new HashMap<>();
        private final Map<String, CustomAttribute> custom = new HashMap<>();

        private Builder(ResourceSchema schema, String jsonbColumn, String idColumn) {
            this.schema = Objects.requireNonNull(schema);
            this.jsonbColumn = Objects.requireNonNull(jsonbColumn);
            this.idColumn = Objects.requireNonNull(idColumn);
        }

        /**
         * A single-valued simple attribute or sub-attribute ({@code userName}, {@code meta.created}) is the value
         * of a SQL expression over the table, of the SQL type matching the schema type.
         */
        public Builder column(String attributePath, String sql) {
            ResolvedAttribute path = resolve(attributePath);
            AttributeDefinition target = path.target();
            if (target.isComplex() || target.multiValued() || path.attribute().multiValued()) {
                throw new IllegalArgumentException(attributePath + " is not a single simple value");
            }
            columns.put(key(path.schemaUrn(), path.canonicalPath()), Objects.requireNonNull(sql));
            return this;
        }

        /**
         * A multi-valued attribute's values are the rows of {@code select}, a subquery yielding one jsonb column
         * (each value as it would be in the jsonb array, e.g.
         * {@code SELECT jsonb_build_object('value', m.member_id) FROM member m WHERE m.group_id = scim_group.group_id}).
         */
        public Builder elementsFrom(String attribute, String select) {
            ResolvedAttribute path = resolve(attribute);
            if (path.subAttribute() != null || !path.attribute().multiValued()) {
                throw new IllegalArgumentException(attribute + " is not a multi-valued attribute");
            }
            elements.put(key(path.schemaUrn(), path.attribute().name()), Objects.requireNonNull(select));
            return this;
        }

        /** Filters on {@code attribute} (and its sub-attributes) are translated by {@code translation}. */
        public Builder custom(String attribute, CustomAttribute translation) {
            ResolvedAttribute path = resolve(attribute);
            if (path.subAttribute() != null) {
                throw new IllegalArgumentException(attribute + " is a sub-attribute; name its attribute");
            }
            custom.put(key(path.schemaUrn(), path.attribute().name()), Objects.requireNonNull(translation));
            return this;
        }

        /** The ORDER BY content without sortBy; defaults to the id column. Should end with the id column. */
        public Builder defaultOrder(String sql) {
            this.defaultOrder = Objects.requireNonNull(sql);
            return this;
        }

        public JsonbFilterSql build() {
            return new JsonbFilterSql(this);
        }

        private ResolvedAttribute resolve(String attributePath) {
            return schema.resolve(attributePath).orElseThrow(() ->
                    new IllegalArgumentException(attributePath + " is not an attribute of " + schema.name()));
        }
    }

    static ScimException invalidFilter(String detail) {
        return ScimException.badRequest(ScimErrorType.INVALID_FILTER, detail);
    }
}
