package dev.scimledger.projection.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.filter.FilterVisitor;
import dev.scimledger.scim.filter.Not;
import dev.scimledger.scim.filter.Or;
import dev.scimledger.scim.filter.Present;
import dev.scimledger.scim.filter.ValuePathFilter;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates a SCIM filter over groups into a SQL condition on {@code scim_group} with bind parameters, for the
 * attributes groups are searched by: {@code displayName} (case-insensitive), {@code externalId}, {@code id},
 * {@code meta.created}, {@code meta.lastModified}, and {@code members.value} / {@code members[value eq "…"]}.
 */
final class GroupFilterSql {

    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:Group";

    record Where(String sql, List<Object> parameters) {
    }

    private GroupFilterSql() {
    }

    static Where where(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Where("", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        return new Where(FilterParser.parse(filter).accept(new Translator(parameters, false)), parameters);
    }

    private record Column(String sql, boolean caseExact, boolean dateTime) {
    }

    private record Translator(List<Object> parameters, boolean inMembers) implements FilterVisitor<String> {

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
            return "(NOT COALESCE(" + filter.inner().accept(this) + ", FALSE))";
        }

        @Override
        public String visitPresent(Present filter) {
            Column column = column(filter.path());
            return column == null ? members("TRUE") : "(" + column.sql + " IS NOT NULL)";
        }

        @Override
        public String visitComparison(Comparison filter) {
            Column column = column(filter.path());
            if (column == null) {
                // members.value op "x": some member matches
                Column member = new Column("m.member_id", true, false);
                return members(compare(member, filter.op(), filter.value(), filter.path()));
            }
            return compare(column, filter.op(), filter.value(), filter.path());
        }

        @Override
        public String visitValuePath(ValuePathFilter filter) {
            if (inMembers || !"members".equalsIgnoreCase(filter.attribute().name())) {
                throw unsupported(filter.attribute());
            }
            return members(filter.inner().accept(new Translator(parameters, true)));
        }

        private static String members(String condition) {
            return "EXISTS (SELECT 1 FROM scim_group_member m WHERE m.group_id = scim_group.group_id AND " + condition + ")";
        }

        /** The column of a group attribute, or null for {@code members.value}. */
        private Column column(AttributePath path) {
            if (path.schemaUrn() != null && !path.schemaUrn().equalsIgnoreCase(CORE)) {
                throw unsupported(path);
            }
            String name = (path.name() + (path.subAttribute() == null ? "" : "." + path.subAttribute())).toLowerCase(Locale.ROOT);
            if (inMembers) {
                return switch (name) {
                    case "value" -> new Column("m.member_id", true, false);
                    case "type" -> new Column("m.member_type", false, false);
                    default -> throw unsupported(path);
                };
            }
            return switch (name) {
                case "id" -> new Column("group_id", true, false);
                case "displayname" -> new Column("display_name", false, false);
                case "externalid" -> new Column("external_id", true, false);
                case "meta.created" -> new Column("created", true, true);
                case "meta.lastmodified" -> new Column("last_modified", true, true);
                case "members", "members.value" -> null;
                default -> throw unsupported(path);
            };
        }

        private String compare(Column column, ComparisonOperator op, JsonNode value, AttributePath path) {
            if (value.isNull()) {
                if (op == ComparisonOperator.EQ) {
                    return "(" + column.sql + " IS NULL)";
                }
                if (op == ComparisonOperator.NE) {
                    return "(" + column.sql + " IS NOT NULL)";
                }
            }
            if (!value.isTextual()) {
                throw ScimException.badRequest(ScimErrorType.INVALID_FILTER, "'" + path.render() + "' takes a string value");
            }
            if (column.dateTime) {
                if (op.isSubstring()) {
                    throw ScimException.badRequest(ScimErrorType.INVALID_FILTER, "'" + path.render() + "' takes eq, ne, gt, ge, lt or le");
                }
                try {
                    parameters.add(Timestamp.from(Instant.parse(value.asText())));
                } catch (DateTimeParseException e) {
                    throw ScimException.badRequest(ScimErrorType.INVALID_FILTER,
                            "'" + path.render() + "' takes an RFC 3339 date-time such as 2026-01-31T12:00:00Z");
                }
                return "(" + column.sql + " " + sqlOperator(op) + " ?)";
            }
            String left = column.caseExact ? column.sql : "lower(" + column.sql + ")";
            String text = column.caseExact ? value.asText() : value.asText().toLowerCase(Locale.ROOT);
            if (op.isSubstring()) {
                String pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                parameters.add(op == ComparisonOperator.CO ? "%" + pattern + "%"
                        : op == ComparisonOperator.SW ? pattern + "%" : "%" + pattern);
                return "(" + left + " LIKE ? ESCAPE '\\')";
            }
            parameters.add(text);
            return op == ComparisonOperator.NE ? "(" + left + " IS DISTINCT FROM ?)" : "(" + left + " " + sqlOperator(op) + " ?)";
        }

        private static String sqlOperator(ComparisonOperator op) {
            return switch (op) {
                case EQ -> "=";
                case NE -> "<>";
                case GT -> ">";
                case GE -> ">=";
                case LT -> "<";
                case LE -> "<=";
                default -> throw new IllegalStateException("not an ordering operator: " + op);
            };
        }

        private static ScimException unsupported(AttributePath path) {
            return ScimException.badRequest(ScimErrorType.INVALID_FILTER,
                    "filtering Groups on '" + path.render() + "' is not supported");
        }
    }
}
