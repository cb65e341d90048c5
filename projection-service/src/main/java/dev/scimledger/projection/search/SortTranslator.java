package dev.scimledger.projection.search;

import dev.scimledger.projection.search.AttributeSql.Operand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResolvedAttribute;

import java.util.function.Function;

/**
 * sortBy (RFC 7644 §3.4.2.3) as ORDER BY content, over the same attributes a filter can name. Strings sort by code
 * point ({@code COLLATE "C"}: "no specific locale implied"), case-insensitively unless caseExact; a multi-valued
 * attribute sorts by its primary value, else its first (for values from a subquery, which have no order of their
 * own: the least); PostgreSQL's defaults put unassigned values last ascending and first descending, as RFC 7644
 * asks. Ties are broken by id, ascending, so that pages never overlap or skip.
 *
 * <p>Decision: a sortBy naming nothing sortable (unknown, never returned, complex without sub-attribute, not
 * stored) is 400 invalidValue rather than the default order: a client paging through a "sorted" list that is not
 * sorted would be misled without noticing.
 */
final class SortTranslator {

    private SortTranslator() {
    }

    static JsonbFilterSql.Order order(JsonbFilterSql table, String sortBy, boolean descending) {
        Function<String, ScimException> unsupported = path -> invalid(
                "sorting " + table.plural() + " by '" + path + "' is not supported");
        AttributePath path;
        try {
            path = FilterParser.parseAttributePath(sortBy);
        } catch (ScimException e) {
            throw invalid("sortBy must be an attribute path such as name.familyName");
        }
        if (path.schemaUrn() == null && path.subAttribute() == null && path.name().equalsIgnoreCase("schemas")) {
            throw unsupported.apply(path.render());
        }
        ResolvedAttribute resolved = AttributeSql.resolve(table, path, unsupported);
        if (table.custom(resolved) != null && table.elements(resolved) == null && table.column(resolved) == null) {
            throw unsupported.apply(path.render()); // a custom filter translation says nothing about order
        }
        AttributeDefinition attribute = resolved.attribute();
        Operand value;
        String key;
        if (attribute.multiValued()) {
            AttributeDefinition sub = AttributeSql.defaultSub(resolved);
            if (attribute.isComplex() && sub == null) {
                throw invalid("sortBy '" + path.render() + "' is complex: choose one of its sub-attributes");
            }
            value = AttributeSql.element(table, resolved, sub, unsupported);
            key = firstValue(table, resolved, value);
        } else {
            if (attribute.isComplex() && resolved.subAttribute() == null) {
                throw invalid("sortBy '" + path.render() + "' is complex: choose one of its sub-attributes, "
                        + "e.g. name.familyName");
            }
            value = AttributeSql.single(table, resolved, unsupported);
            key = collated(value);
        }
        return new JsonbFilterSql.Order(key, value.sqlType(), !attribute.multiValued() && value.neverNull(),
                descending, table.idColumn());
    }

    /** The primary value of a multi-valued attribute, else the first (the least, from a subquery). */
    private static String firstValue(JsonbFilterSql table, ResolvedAttribute attribute, Operand value) {
        boolean fromArray = table.elements(attribute) == null;
        String primary = AttributeSql.primary(table, attribute);
        String primaryFirst = primary == null ? "" : "CASE WHEN " + primary + " THEN 0 ELSE 1 END, ";
        String sql = "(SELECT " + folded(value) + " AS k FROM " + AttributeSql.elements(table, attribute, fromArray)
                + " ORDER BY " + primaryFirst + (fromArray ? "e.i" : "k") + " LIMIT 1)";
        return value.isString() ? sql + " COLLATE \"C\"" : sql;
    }

    private static String collated(Operand value) {
        return value.isString() ? folded(value) + " COLLATE \"C\"" : value.sql();
    }

    private static String folded(Operand value) {
        return value.isString() && !value.definition().caseExact() ? "lower(" + value.sql() + ")" : value.sql();
    }

    private static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }
}
