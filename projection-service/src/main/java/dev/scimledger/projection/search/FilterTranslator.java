package dev.scimledger.projection.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.projection.search.AttributeSql.Operand;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.Booleans;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.filter.FilterVisitor;
import dev.scimledger.scim.filter.Not;
import dev.scimledger.scim.filter.Or;
import dev.scimledger.scim.filter.Present;
import dev.scimledger.scim.filter.ValuePathFilter;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.Returned;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * The filter visitor behind {@link JsonbFilterSql#where}. Every node becomes a parenthesised condition, so the
 * parser's precedence ({@code not > and > or}) is kept as it is.
 *
 * <p>Under a {@code not}, SQL's three-valued logic would lose rows: {@code NOT (title = 'x')} is NULL, not true,
 * for a user without a title, yet such a user does not match {@code title eq "x"}. So leaves under a {@code not}
 * are made two-valued ({@code COALESCE(..., FALSE)}); elsewhere they are left bare, where NULL acts as false anyway
 * and indexes stay usable.
 *
 * @param scope inside a value filter ({@code emails[type eq "work"]}), the attribute whose values are filtered,
 *              and whether its values are iterated as {@link AttributeSql#ELEMENT} (multi-valued) or it is a
 *              single complex value
 */
record FilterTranslator(JsonbFilterSql table, List<Object> parameters, boolean negated, Scope scope)
        implements FilterVisitor<String> {

    record Scope(ResolvedAttribute attribute, boolean multiValued) {
    }

    @Override
    public String visitAnd(And filter) {
        return "(" + filter.left().accept(this) + " AND " + filter.right().accept(this) + ")";
    }

    @Override
    public String visitOr(Or filter) {
        return "(" + filter.left().accept(this) + " OR " + filter.right().accept(this) + ")";
    }

    @Override
    public String visitNot(Not filter) {
        return "(NOT " + filter.inner().accept(new FilterTranslator(table, parameters, true, scope)) + ")";
    }

    @Override
    public String visitPresent(Present filter) {
        return leaf(filter.path(), filter);
    }

    @Override
    public String visitComparison(Comparison filter) {
        return leaf(filter.path(), filter);
    }

    @Override
    public String visitValuePath(ValuePathFilter filter) {
        if (scope != null) {
            throw unsupported(filter.attribute().render()); // the parser already refuses nested value filters
        }
        ResolvedAttribute attribute = AttributeSql.resolve(table, filter.attribute(), this::unsupported);
        JsonbFilterSql.CustomAttribute custom = table.custom(attribute);
        if (custom != null) {
            return twoValued(custom.condition(filter, attribute, parameters));
        }
        if (!attribute.attribute().isComplex()) {
            throw JsonbFilterSql.invalidFilter("'" + filter.attribute().render()
                    + "' has no sub-attributes to filter its values by");
        }
        if (!attribute.attribute().multiValued()) {
            // name[givenName eq "x"] is name.givenName eq "x": same rows, same NULL handling
            return filter.inner().accept(new FilterTranslator(table, parameters, negated, new Scope(attribute, false)));
        }
        String inner = filter.inner().accept(new FilterTranslator(table, parameters, false, new Scope(attribute, true)));
        return exists(attribute, inner);
    }

    /** A comparison or presence test on one attribute path. */
    private String leaf(AttributePath path, Filter node) {
        if (scope != null) {
            return scopedLeaf(path, node);
        }
        if (path.schemaUrn() == null && path.subAttribute() == null && path.name().equalsIgnoreCase("schemas")) {
            return schemas(node);
        }
        ResolvedAttribute resolved = AttributeSql.resolve(table, path, this::unsupported);
        JsonbFilterSql.CustomAttribute custom = table.custom(resolved);
        if (custom != null) {
            return twoValued(custom.condition(node, resolved, parameters));
        }
        AttributeDefinition attribute = resolved.attribute();
        if (attribute.multiValued()) {
            if (node instanceof Present && resolved.subAttribute() == null) {
                AttributeSql.checkSearchable(table, resolved, this::unsupported);
                return exists(resolved, "TRUE");
            }
            AttributeDefinition sub = AttributeSql.defaultSub(resolved);
            if (attribute.isComplex() && sub == null) {
                throw needsSubAttribute(path);
            }
            Operand value = AttributeSql.element(table, resolved, sub, this::unsupported);
            return exists(resolved, predicate(value, node, path));
        }
        if (attribute.isComplex() && resolved.subAttribute() == null) {
            if (node instanceof Present) {
                Operand object = AttributeSql.single(table, resolved, this::unsupported);
                return twoValued("(jsonb_typeof(" + object.sql() + ") = 'object' AND " + object.sql()
                        + " <> '{}'::jsonb)");
            }
            // a comparison with a single complex value compares its value, as for a multi-valued one (Entra's
            // manager lookup: manager eq "<id>")
            AttributeDefinition value = attribute.subAttribute("value").orElseThrow(() -> needsSubAttribute(path));
            ResolvedAttribute valueOf = new ResolvedAttribute(resolved.schemaUrn(), resolved.extension(), attribute,
                    value);
            return twoValued(predicate(AttributeSql.single(table, valueOf, this::unsupported), node, path));
        }
        return twoValued(predicate(AttributeSql.single(table, resolved, this::unsupported), node, path));
    }

    /** Inside {@code attribute[...]}: a path names a sub-attribute, as {@code type} or {@code emails.type}. */
    private String scopedLeaf(AttributePath path, Filter node) {
        ResolvedAttribute attribute = scope.attribute();
        String name = attribute.attribute().name();
        boolean urnMatches = path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(attribute.schemaUrn());
        String subName = path.subAttribute() == null ? path.name()
                : path.name().equalsIgnoreCase(name) ? path.subAttribute() : null;
        AttributeDefinition sub = urnMatches && subName != null
                ? attribute.attribute().subAttribute(subName).orElse(null) : null;
        if (sub == null || sub.returned() == Returned.NEVER) {
            throw unsupported(name + "[" + path.render() + "]");
        }
        ResolvedAttribute resolved = new ResolvedAttribute(attribute.schemaUrn(), attribute.extension(),
                attribute.attribute(), sub);
        if (!scope.multiValued()) {
            return twoValued(predicate(AttributeSql.single(table, resolved, this::unsupported), node, path));
        }
        return twoValued(predicate(AttributeSql.element(table, attribute, sub, this::unsupported), node, path));
    }

    /** Any value of the multi-valued attribute satisfies the condition (on {@link AttributeSql#ELEMENT}). */
    private String exists(ResolvedAttribute attribute, String condition) {
        return "EXISTS (SELECT 1 FROM " + AttributeSql.elements(table, attribute, false) + " WHERE "
                + condition + ")";
    }

    /**
     * {@code schemas} (RFC 7644 §3.4.2.2 example {@code schemas eq "urn:...:enterprise:2.0:User"}): the core schema
     * is every resource's; an extension is a resource's when it has the extension's object. URNs compare
     * case-insensitively.
     */
    private String schemas(Filter node) {
        if (node instanceof Present) {
            return "TRUE";
        }
        Comparison comparison = (Comparison) node;
        if (!comparison.value().isTextual()) {
            throw JsonbFilterSql.invalidFilter("'schemas' takes a schema URN string");
        }
        String value = comparison.value().textValue().toLowerCase(Locale.ROOT);
        StringBuilder any = new StringBuilder();
        for (String urn : table.schema().schemaUrns()) {
            String candidate = urn.toLowerCase(Locale.ROOT);
            boolean matches = switch (comparison.op()) {
                case EQ -> candidate.equals(value);
                case NE -> !candidate.equals(value);
                case CO -> candidate.contains(value);
                case SW -> candidate.startsWith(value);
                case EW -> candidate.endsWith(value);
                case GT -> candidate.compareTo(value) > 0;
                case GE -> candidate.compareTo(value) >= 0;
                case LT -> candidate.compareTo(value) < 0;
                case LE -> candidate.compareTo(value) <= 0;
            };
            if (matches) {
                any.append(any.isEmpty() ? "" : " OR ").append(urn.equals(table.schema().coreSchema().id()) ? "TRUE"
                        : "(" + table.jsonbColumn() + "->" + AttributeSql.literal(urn) + ") IS NOT NULL");
            }
        }
        return any.isEmpty() ? "FALSE" : "(" + any + ")";
    }

    private String predicate(Operand operand, Filter node, AttributePath path) {
        if (node instanceof Present) {
            return operand.isString() ? "(" + operand.sql() + " IS NOT NULL AND " + operand.sql() + " <> '')"
                    : "(" + operand.sql() + " IS NOT NULL)";
        }
        Comparison comparison = (Comparison) node;
        JsonNode value = comparison.value();
        ComparisonOperator op = comparison.op();
        if (value.isNull()) { // the parser allows null only with eq and ne
            return "(" + operand.sql() + (op == ComparisonOperator.EQ ? " IS NULL)" : " IS NOT NULL)");
        }
        return switch (operand.definition().type()) {
            case BOOLEAN -> bool(operand, op, value, path);
            case INTEGER, DECIMAL -> number(operand, op, value, path);
            case DATE_TIME -> dateTime(operand, op, value, path);
            case COMPLEX -> throw needsSubAttribute(path);
            default -> string(operand, op, value, path);
        };
    }

    private String string(Operand operand, ComparisonOperator op, JsonNode value, AttributePath path) {
        if (!value.isTextual()) {
            throw invalid(path, "takes a string value");
        }
        if (value.textValue().indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold U+0000, so no stored value has one and the driver could not send it
            throw invalid(path, "cannot be compared with a string holding the NUL character");
        }
        boolean exact = operand.definition().caseExact();
        // lower() on both sides, so that both are folded by the same (database) rules
        String left = exact ? operand.sql() : "lower(" + operand.sql() + ")";
        String right = exact ? "?::text" : "lower(?::text)";
        if (op.isSubstring()) {
            String escaped = value.textValue().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            parameters.add(switch (op) {
                case CO -> "%" + escaped + "%";
                case SW -> escaped + "%";
                default -> "%" + escaped;
            });
            return "(" + left + " LIKE " + right + " ESCAPE '\\')";
        }
        parameters.add(value.textValue());
        return switch (op) {
            case EQ -> "(" + left + " = " + right + ")";
            case NE -> "(" + left + " IS DISTINCT FROM " + right + ")";
            default -> "(" + left + " COLLATE \"C\" " + ordering(op) + " " + right + ")";
        };
    }

    private String bool(Operand operand, ComparisonOperator op, JsonNode given, AttributePath path) {
        JsonNode value = Booleans.coerced(given); // "True", as Entra writes booleans
        if (!value.isBoolean() || (op != ComparisonOperator.EQ && op != ComparisonOperator.NE)) {
            throw invalid(path, "takes eq or ne with true or false");
        }
        parameters.add(value.booleanValue());
        return "(" + operand.sql() + (op == ComparisonOperator.EQ ? " = " : " IS DISTINCT FROM ") + "?::boolean)";
    }

    private String number(Operand operand, ComparisonOperator op, JsonNode value, AttributePath path) {
        if (!value.isNumber() || op.isSubstring()) {
            throw invalid(path, "takes eq, ne, gt, ge, lt or le with a number");
        }
        parameters.add(value.decimalValue());
        return compare(operand, op, "?::numeric");
    }

    private String dateTime(Operand operand, ComparisonOperator op, JsonNode value, AttributePath path) {
        if (!value.isTextual() || op.isSubstring()) {
            throw invalid(path, "takes eq, ne, gt, ge, lt or le with a date-time string such as 2026-01-31T12:00:00Z");
        }
        parameters.add(timestamp(value.textValue(), path));
        return compare(operand, op, "?::timestamptz");
    }

    private static String compare(Operand operand, ComparisonOperator op, String right) {
        return op == ComparisonOperator.NE ? "(" + operand.sql() + " IS DISTINCT FROM " + right + ")"
                : "(" + operand.sql() + " " + ordering(op) + " " + right + ")";
    }

    /** An xsd:dateTime (RFC 7643 §2.3.5); one without an offset is taken as UTC. */
    private static Timestamp timestamp(String text, AttributePath path) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text.strip(), OffsetDateTime::from,
                    LocalDateTime::from);
            OffsetDateTime at = parsed instanceof OffsetDateTime offset ? offset
                    : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            if (at.getYear() < -4000 || at.getYear() > 99999) {
                throw invalid(path, "takes a date-time PostgreSQL can hold");
            }
            return Timestamp.from(at.toInstant());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(path, "takes an RFC 3339 date-time such as 2026-01-31T12:00:00Z");
        }
    }

    private static String ordering(ComparisonOperator op) {
        return switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new IllegalStateException("not an ordering operator: " + op);
        };
    }

    private String twoValued(String condition) {
        return negated ? "COALESCE(" + condition + ", FALSE)" : condition;
    }

    private ScimException unsupported(String path) {
        return JsonbFilterSql.invalidFilter("filtering " + table.plural() + " on '" + path + "' is not supported");
    }

    private static ScimException needsSubAttribute(AttributePath path) {
        return JsonbFilterSql.invalidFilter("'" + path.render() + "' is complex: choose one of its sub-attributes, "
                + "e.g. name.familyName");
    }

    private static ScimException invalid(AttributePath path, String what) {
        return JsonbFilterSql.invalidFilter("'" + path.render() + "' " + what);
    }
}
