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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 *   <li>the values of {@link Builder#elementsFrom(String, String) a subquery} for a multi-valued attribute kept
 *       elsewhere (a membership table), each value one jsonb row, or {@link Builder#elementsFrom(String, String, Map)
 *       one row with a column per searchable sub-attribute}, which lets an index on what the columns come from
 *       serve a filter;</li>
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

    /**
     * Where the values of a multi-valued attribute kept outside the jsonb column are: a subquery yielding one row
     * per value, either the value as jsonb (its only column, {@code subColumns} null) or one column per searchable
     * sub-attribute ({@code subColumns}: lower-case sub-attribute name to column name).
     */
    record Elements(String select, Map<String, String> subColumns) {
    }

    private final ResourceSchema schema;
    private final String jsonbColumn;
    private final String idColumn;
    private final Map<String, String> columns;
    private final Set<String> notNullColumns;
    private final Map<String, Elements> elements;
    private final Map<String, CustomAttribute> custom;
    private final Order defaultOrder;

    private JsonbFilterSql(JsonbFilterSql base, ResourceSchema schema) {
        this.schema = schema;
        this.jsonbColumn = base.jsonbColumn;
        this.idColumn = base.idColumn;
        this.columns = base.columns;
        this.notNullColumns = base.notNullColumns;
        this.elements = base.elements;
        this.custom = base.custom;
        this.defaultOrder = base.defaultOrder;
    }

    private JsonbFilterSql(Builder b) {
        this.schema = b.schema;
        this.jsonbColumn = b.jsonbColumn;
        this.idColumn = b.idColumn;
        this.columns = Map.copyOf(b.columns);
        this.notNullColumns = Set.copyOf(b.notNullColumns);
        this.elements = Map.copyOf(b.elements);
        this.custom = Map.copyOf(b.custom);
        this.defaultOrder = b.defaultSortBy == null
                ? new Order(idColumn, "text", true, false, idColumn)
                : SortTranslator.order(this, b.defaultSortBy, false);
    }

    /**
     * @param schema      the resource type searched
     * @param jsonbColumn the SQL of the jsonb column holding the normalised attributes, e.g. {@code attributes}
     * @param idColumn    the SQL of the resource id column: the tie-break that makes every order stable
     */
    public static Builder builder(ResourceSchema schema, String jsonbColumn, String idColumn) {
        return new Builder(schema, jsonbColumn, idColumn);
    }

    /**
     * This translation over {@code extended}, the same resource type with a tenant's declared extensions: their
     * attributes are searched in the jsonb column like the enterprise extension's; every column, subquery and custom
     * translation stays as declared (they are of the core schema and the common attributes).
     *
     * @throws IllegalArgumentException when {@code extended} is another resource type
     */
    public JsonbFilterSql withSchema(ResourceSchema extended) {
        if (extended == schema) {
            return this;
        }
        if (!extended.name().equals(schema.name()) || !extended.coreSchema().equals(schema.coreSchema())) {
            throw new IllegalArgumentException(extended + " is not " + schema + " with extensions");
        }
        return new JsonbFilterSql(this, extended);
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
        return order(sortBy, descending).orderBy();
    }

    /**
     * The order of a list by {@code sortBy} (null: the default order, ascending whatever {@code descending} says,
     * since sortOrder without sortBy has no effect), with what keyset pagination needs: the sort key as SQL and
     * the condition for "after this row".
     *
     * @throws ScimException 400 invalidValue when sortBy names nothing sortable of this resource type
     */
    public Order order(String sortBy, boolean descending) {
        if (sortBy == null || sortBy.isBlank()) {
            return defaultOrder;
        }
        return SortTranslator.order(this, sortBy.strip(), descending);
    }

    /**
     * An order of rows: by a sort key in a direction, unassigned (NULL) keys last ascending and first descending,
     * then by id ascending, so that every row has one place and pages neither overlap nor skip.
     *
     * @param key          the SQL of the sort key (collated and case-folded as the schema says)
     * @param keyType      its SQL type: {@code text}, {@code boolean}, {@code numeric} or {@code timestamptz}
     * @param keyNeverNull whether the key is a NOT NULL column, so that "after" can be a row comparison an index
     *                     serves
     * @param descending   the direction of the key (ids always ascend)
     * @param idColumn     the SQL of the id column
     */
    public record Order(String key, String keyType, boolean keyNeverNull, boolean descending, String idColumn) {

        /** The content of the ORDER BY clause. */
        public String orderBy() {
            return key + (descending ? " DESC" : " ASC") + ", " + idColumn + " ASC";
        }

        /**
         * This order backwards, row for row: PostgreSQL puts NULL keys last ascending and first descending, so
         * flipping the key's direction flips where they go too.
         */
        public String reversedOrderBy() {
            return key + (descending ? " ASC" : " DESC") + ", " + idColumn + " DESC";
        }

        /**
         * The rows that come before the row with sort key {@code firstKey} and id {@code firstId} in this order: those
         * neither after it nor it ({@code IS NOT TRUE}: a comparison with a NULL key is unknown, and such a row is
         * not after it).
         *
         * @throws ScimException 400 invalidCursor when {@code firstKey} cannot be a key of this order's type
         */
        public Where before(String firstKey, String firstId) {
            Where after = after(firstKey, firstId);
            List<Object> parameters = new ArrayList<>(after.parameters());
            parameters.add(firstId);
            return new Where("(" + after.sql() + " IS NOT TRUE AND " + idColumn + " <> ?)", parameters);
        }

        /** The sort key as text, to select beside each row: what {@link #after} takes back. */
        public String keyAsText() {
            return "(" + key + ")::text";
        }

        /**
         * The rows that come after a row with sort key {@code lastKey} (its {@link #keyAsText} rendering, null when
         * unassigned) and id {@code lastId} in this order.
         *
         * @throws ScimException 400 invalidCursor when {@code lastKey} cannot be a key of this order's type
         */
        public Where after(String lastKey, String lastId) {
            Objects.requireNonNull(lastId);
            if (lastKey == null) {
                // NULL keys come last ascending (only NULLs with a greater id follow), first descending (then
                // every assigned key follows)
                return descending
                        ? new Where("(" + key + " IS NOT NULL OR " + idColumn + " > ?)", List.of(lastId))
                        : new Where("(" + key + " IS NULL AND " + idColumn + " > ?)", List.of(lastId));
            }
            checkKey(lastKey);
            String value = "?::" + keyType;
            if (descending) {
                return new Where("(" + key + " < " + value + " OR (" + key + " = " + value + " AND " + idColumn
                        + " > ?))", List.of(lastKey, lastKey, lastId));
            }
            if (keyNeverNull) {
                return new Where("((" + key + ", " + idColumn + ") > (" + value + ", ?))", List.of(lastKey, lastId));
            }
            return new Where("(" + key + " > " + value + " OR (" + key + " = " + value + " AND " + idColumn
                    + " > ?) OR " + key + " IS NULL)", List.of(lastKey, lastKey, lastId));
        }

        /** A key the database would refuse to cast is a cursor this server did not make. */
        private void checkKey(String lastKey) {
            boolean valid = switch (keyType) {
                case "boolean" -> lastKey.equals("true") || lastKey.equals("false");
                case "numeric" -> lastKey.matches("-?[0-9]+(\\.[0-9]+)?");
                case "timestamptz" -> lastKey.matches("[0-9]{4,6}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
                        + "(\\.[0-9]{1,6})?[+-][0-9]{2}(:[0-9]{2}){0,2}( BC)?");
                default -> lastKey.indexOf('\0') < 0;
            };
            if (!valid) {
                throw ScimException.invalid(ScimErrorType.INVALID_CURSOR, "the cursor is not valid for this query");
            }
        }
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

    /** Whether the column declared for a resolved path is never NULL. */
    boolean columnNeverNull(ResolvedAttribute path) {
        return notNullColumns.contains(key(path.schemaUrn(), path.canonicalPath()));
    }

    /** The subquery declared for a multi-valued attribute's values, or null. */
    Elements elements(ResolvedAttribute path) {
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
        private String defaultSortBy;
        private final Map<String, String> columns = new HashMap<>();
        private final Set<String> notNullColumns = new HashSet<>();
        private final Map<String, Elements> elements = new HashMap<>();
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
         * As {@link #column}, for a column that is never NULL ({@code NOT NULL} in the table): sorting by it lets
         * keyset pagination compare {@code (key, id)} as a row, which an index on both serves.
         */
        public Builder notNullColumn(String attributePath, String sql) {
            column(attributePath, sql);
            ResolvedAttribute path = resolve(attributePath);
            notNullColumns.add(key(path.schemaUrn(), path.canonicalPath()));
            return this;
        }

        /**
         * A multi-valued attribute's values are the rows of {@code select}, a subquery yielding one jsonb column
         * (each value as it would be in the jsonb array, e.g.
         * {@code SELECT jsonb_build_object('value', m.member_id) FROM member m WHERE m.group_id = scim_group.group_id}).
         */
        public Builder elementsFrom(String attribute, String select) {
            ResolvedAttribute path = multiValued(attribute);
            elements.put(key(path.schemaUrn(), path.attribute().name()), new Elements(Objects.requireNonNull(select), null));
            return this;
        }

        /**
         * A multi-valued complex attribute's values are the rows of {@code select}, a subquery yielding, for each
         * value, one column per searchable sub-attribute, of the SQL type of its schema type; {@code subColumns}
         * maps each such sub-attribute's name to its column's name in the select (e.g. {@code value} to
         * {@code member_id} for {@code SELECT m.member_id, m.member_type FROM member m WHERE m.group_id =
         * scim_group.group_id}). Sub-attributes not mapped are not searchable (400 invalidFilter). Unlike a jsonb
         * value, a column is compared as it is, so once PostgreSQL pulls the subquery up into the filter's EXISTS,
         * an index on what the column comes from (the membership table) can serve the filter.
         */
        public Builder elementsFrom(String attribute, String select, Map<String, String> subColumns) {
            ResolvedAttribute path = multiValued(attribute);
            if (!path.attribute().isComplex()) {
                throw new IllegalArgumentException(attribute + " has no sub-attributes to give columns");
            }
            Map<String, String> columnsBySub = new HashMap<>();
            subColumns.forEach((sub, column) -> {
                AttributeDefinition definition = path.attribute().subAttribute(sub).orElseThrow(() ->
                        new IllegalArgumentException(sub + " is not a sub-attribute of " + attribute));
                if (!column.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException(column + " is not a plain column name");
                }
                columnsBySub.put(definition.name().toLowerCase(Locale.ROOT), column);
            });
            elements.put(key(path.schemaUrn(), path.attribute().name()),
                    new Elements(Objects.requireNonNull(select), Map.copyOf(columnsBySub)));
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

        /**
         * The order without sortBy: ascending by this attribute (a sortBy the built translation accepts), then by
         * id. Defaults to the id alone.
         */
        public Builder defaultSortBy(String attributePath) {
            this.defaultSortBy = Objects.requireNonNull(attributePath);
            return this;
        }

        public JsonbFilterSql build() {
            return new JsonbFilterSql(this);
        }

        private ResolvedAttribute multiValued(String attribute) {
            ResolvedAttribute path = resolve(attribute);
            if (path.subAttribute() != null || !path.attribute().multiValued()) {
                throw new IllegalArgumentException(attribute + " is not a multi-valued attribute");
            }
            return path;
        }

        private ResolvedAttribute resolve(String attributePath) {
            return schema.resolve(attributePath).orElseThrow(() ->
                    new IllegalArgumentException(attributePath + " is not an attribute of " + schema.name()));
        }
    }

    static ScimException invalidFilter(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_FILTER, detail);
    }
}
