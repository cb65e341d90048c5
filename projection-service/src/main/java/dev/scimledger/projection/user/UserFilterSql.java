package dev.scimledger.projection.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.Filter;
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
import java.util.Map;

/**
 * Translates a SCIM filter over users into a SQL condition on {@code scim_user} with bind parameters. Only the
 * attributes of the whitelist below can be filtered on; values only ever travel as parameters.
 */
final class UserFilterSql {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

    record Where(String sql, List<Object> parameters) {
    }

    private enum Kind { STRING, BOOLEAN, DATE_TIME }

    /** A filterable scalar: how to reach it in SQL, given the SQL of the JSON object it lives in. */
    private record Scalar(Kind kind, boolean caseExact, String column, String jsonObject, String jsonKey) {
        String sql(String context) {
            if (column != null) {
                return column;
            }
            String object = jsonObject == null ? context : context + "->'" + jsonObject + "'";
            return kind == Kind.BOOLEAN ? "(" + object + "->'" + jsonKey + "')" : "(" + object + "->>'" + jsonKey + "')";
        }
    }

    private static Scalar column(Kind kind, boolean caseExact, String column) {
        return new Scalar(kind, caseExact, column, null, null);
    }

    private static Scalar json(Kind kind, boolean caseExact, String object, String key) {
        return new Scalar(kind, caseExact, null, object, key);
    }

    /** Top-level attributes, keyed by lower-case path. */
    private static final Map<String, Scalar> SCALARS = Map.ofEntries(
            Map.entry("id", column(Kind.STRING, true, "user_id")),
            Map.entry("username", column(Kind.STRING, false, "user_name")),
            Map.entry("externalid", column(Kind.STRING, true, "external_id")),
            Map.entry("displayname", column(Kind.STRING, false, "display_name")),
            Map.entry("active", column(Kind.BOOLEAN, true, "active")),
            Map.entry("meta.created", column(Kind.DATE_TIME, true, "created")),
            Map.entry("meta.lastmodified", column(Kind.DATE_TIME, true, "last_modified")),
            Map.entry("nickname", json(Kind.STRING, false, null, "nickName")),
            Map.entry("title", json(Kind.STRING, false, null, "title")),
            Map.entry("usertype", json(Kind.STRING, false, null, "userType")),
            Map.entry("preferredlanguage", json(Kind.STRING, false, null, "preferredLanguage")),
            Map.entry("locale", json(Kind.STRING, false, null, "locale")),
            Map.entry("timezone", json(Kind.STRING, false, null, "timezone")),
            Map.entry("name.givenname", json(Kind.STRING, false, "name", "givenName")),
            Map.entry("name.familyname", json(Kind.STRING, false, "name", "familyName")),
            Map.entry("name.formatted", json(Kind.STRING, false, "name", "formatted")),
            Map.entry("name.middlename", json(Kind.STRING, false, "name", "middleName")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":employeenumber", json(Kind.STRING, false, ENTERPRISE, "employeeNumber")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":department", json(Kind.STRING, false, ENTERPRISE, "department")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":costcenter", json(Kind.STRING, false, ENTERPRISE, "costCenter")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":organization", json(Kind.STRING, false, ENTERPRISE, "organization")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":division", json(Kind.STRING, false, ENTERPRISE, "division")),
            Map.entry(ENTERPRISE.toLowerCase(Locale.ROOT) + ":manager.value", json(Kind.STRING, true, ENTERPRISE + "'->'manager", "value")));

    /** Multi-valued complex attributes and their filterable sub-attributes. */
    private static final Map<String, String> MULTI_VALUED = Map.of(
            "emails", "emails", "phonenumbers", "phoneNumbers", "ims", "ims", "photos", "photos",
            "entitlements", "entitlements", "roles", "roles", "x509certificates", "x509Certificates",
            "addresses", "addresses");
    private static final Map<String, Scalar> ELEMENT_SCALARS = Map.of(
            "value", json(Kind.STRING, false, null, "value"),
            "type", json(Kind.STRING, false, null, "type"),
            "display", json(Kind.STRING, false, null, "display"),
            "primary", json(Kind.BOOLEAN, true, null, "primary"),
            "formatted", json(Kind.STRING, false, null, "formatted"),
            "locality", json(Kind.STRING, false, null, "locality"),
            "region", json(Kind.STRING, false, null, "region"),
            "postalcode", json(Kind.STRING, false, null, "postalCode"),
            "country", json(Kind.STRING, false, null, "country"),
            "streetaddress", json(Kind.STRING, false, null, "streetAddress"));

    private UserFilterSql() {
    }

    static Where where(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Where("", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        String sql = FilterParser.parse(filter).accept(new Translator(parameters, null, null));
        return new Where(sql, parameters);
    }

    /** Visits the filter; inside a value filter, {@code element} is the SQL of the array element in scope. */
    private record Translator(List<Object> parameters, String element, String multiValued) implements FilterVisitor<String> {

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
            return "(NOT " + filter.inner().accept(this) + ")";
        }

        @Override
        public String visitPresent(Present filter) {
            return predicate(filter.path(), (scalar, sql) -> switch (scalar.kind) {
                case STRING -> "(" + sql + " IS NOT NULL AND " + sql + " <> '')";
                case BOOLEAN -> scalar.column != null ? "(" + sql + " IS NOT NULL)"
                        : "(" + sql + " IS NOT NULL AND " + sql + " <> 'null'::jsonb)";
                case DATE_TIME -> "(" + sql + " IS NOT NULL)";
            });
        }

        @Override
        public String visitComparison(Comparison filter) {
            return predicate(filter.path(), (scalar, sql) -> compare(scalar, sql, filter.op(), filter.value(),
                    filter.path()));
        }

        @Override
        public String visitValuePath(ValuePathFilter filter) {
            if (element != null) {
                throw unsupported(filter.attribute());
            }
            String attribute = multiValued(filter.attribute());
            Translator inner = new Translator(parameters, "e.v", attribute);
            return exists(attribute, filter.inner().accept(inner));
        }

        private interface Predicate {
            String on(Scalar scalar, String sql);
        }

        private String predicate(AttributePath path, Predicate predicate) {
            if (element != null) {
                String sub = path.subAttribute() == null ? path.name() : null;
                boolean qualified = path.subAttribute() != null
                        && path.name().equalsIgnoreCase(multiValued);
                if (qualified) {
                    sub = path.subAttribute();
                }
                Scalar scalar = sub == null ? null : ELEMENT_SCALARS.get(sub.toLowerCase(Locale.ROOT));
                if (scalar == null || path.schemaUrn() != null && !path.schemaUrn().equalsIgnoreCase(CORE)) {
                    throw unsupported(path);
                }
                return predicate.on(scalar, scalar.sql(element));
            }
            String key = key(path);
            Scalar scalar = SCALARS.get(key);
            if (scalar != null) {
                return predicate.on(scalar, scalar.sql("attributes"));
            }
            String attribute = MULTI_VALUED.get(path.name().toLowerCase(Locale.ROOT));
            if (attribute != null && (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(CORE))) {
                // emails.value eq "x", or emails eq "x" (RFC 7644: the value sub-attribute by default)
                String sub = path.subAttribute() == null ? "value" : path.subAttribute();
                Scalar elementScalar = ELEMENT_SCALARS.get(sub.toLowerCase(Locale.ROOT));
                if (elementScalar == null) {
                    throw unsupported(path);
                }
                return exists(attribute, predicate.on(elementScalar, elementScalar.sql("e.v")));
            }
            throw unsupported(path);
        }

        private static String exists(String attribute, String condition) {
            return "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(attributes->'" + attribute
                    + "') = 'array' THEN attributes->'" + attribute + "' ELSE '[]'::jsonb END) AS e(v) WHERE "
                    + condition + ")";
        }

        private String multiValued(AttributePath path) {
            String attribute = MULTI_VALUED.get(path.name().toLowerCase(Locale.ROOT));
            if (attribute == null || path.subAttribute() != null
                    || (path.schemaUrn() != null && !path.schemaUrn().equalsIgnoreCase(CORE))) {
                throw unsupported(path);
            }
            return attribute;
        }

        private String compare(Scalar scalar, String sql, ComparisonOperator op, JsonNode value, AttributePath path) {
            if (value.isNull()) {
                if (op == ComparisonOperator.EQ) {
                    return "(" + sql + " IS NULL)";
                }
                if (op == ComparisonOperator.NE) {
                    return "(" + sql + " IS NOT NULL)";
                }
            }
            return switch (scalar.kind) {
                case BOOLEAN -> compareBoolean(scalar, sql, op, value, path);
                case DATE_TIME -> compareDateTime(sql, op, value, path);
                case STRING -> compareString(scalar, sql, op, value, path);
            };
        }

        private String compareBoolean(Scalar scalar, String sql, ComparisonOperator op, JsonNode value, AttributePath path) {
            if (!value.isBoolean() || (op != ComparisonOperator.EQ && op != ComparisonOperator.NE)) {
                throw invalid(path, "takes eq or ne with true or false");
            }
            String target = scalar.column != null ? "?" : "to_jsonb(?::boolean)";
            parameters.add(value.booleanValue());
            return op == ComparisonOperator.EQ ? "(" + sql + " = " + target + ")"
                    : "(" + sql + " IS DISTINCT FROM " + target + ")";
        }

        private String compareDateTime(String sql, ComparisonOperator op, JsonNode value, AttributePath path) {
            if (!value.isTextual() || op.isSubstring()) {
                throw invalid(path, "takes eq, ne, gt, ge, lt or le with an RFC 3339 date-time string");
            }
            try {
                parameters.add(Timestamp.from(Instant.parse(value.asText())));
            } catch (DateTimeParseException e) {
                throw invalid(path, "takes an RFC 3339 date-time such as 2026-01-31T12:00:00Z");
            }
            return "(" + sql + " " + sqlOperator(op) + " ?)";
        }

        private String compareString(Scalar scalar, String sql, ComparisonOperator op, JsonNode value, AttributePath path) {
            if (!value.isTextual()) {
                throw invalid(path, "takes a string value");
            }
            String text = value.asText();
            String left = scalar.caseExact ? sql : "lower(" + sql + ")";
            String right = scalar.caseExact ? text : text.toLowerCase(Locale.ROOT);
            if (op.isSubstring()) {
                String pattern = right.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                parameters.add(switch (op) {
                    case CO -> "%" + pattern + "%";
                    case SW -> pattern + "%";
                    default -> "%" + pattern;
                });
                return "(" + left + " LIKE ? ESCAPE '\\')";
            }
            parameters.add(right);
            if (op == ComparisonOperator.NE) {
                return "(" + left + " IS DISTINCT FROM ?)";
            }
            return "(" + left + " " + sqlOperator(op) + " ?)";
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

        private static String key(AttributePath path) {
            String name = path.name() + (path.subAttribute() == null ? "" : "." + path.subAttribute());
            if (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(CORE)) {
                return name.toLowerCase(Locale.ROOT);
            }
            return (path.schemaUrn() + ":" + name).toLowerCase(Locale.ROOT);
        }

        private static ScimException unsupported(AttributePath path) {
            return ScimException.badRequest(ScimErrorType.INVALID_FILTER,
                    "filtering Users on '" + path.render() + "' is not supported");
        }

        private static ScimException invalid(AttributePath path, String what) {
            return ScimException.badRequest(ScimErrorType.INVALID_FILTER, "'" + path.render() + "' " + what);
        }
    }
}
