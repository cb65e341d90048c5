package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.filter.Not;
import dev.scimledger.scim.filter.Or;
import dev.scimledger.scim.filter.Present;
import dev.scimledger.scim.filter.ValuePathFilter;
import dev.scimledger.scim.resource.Booleans;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.AttributeType;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates a PATCH value filter (RFC 7644 §3.5.2, §3.4.2.2) against one element of a normalised multi-valued
 * complex attribute. String comparison honours the sub-attribute's {@code caseExact} (RFC 7643 §2.2).
 */
public final class ValueFilterMatcher {

    private ValueFilterMatcher() {
    }

    /** Checks that every attribute path of the filter names a sub-attribute of {@code attribute}. */
    static void validate(Filter f, AttributeDefinition attribute, String label) {
        if (f instanceof Comparison c) {
            subAttribute(c.path(), attribute, label);
        } else if (f instanceof Present p) {
            subAttribute(p.path(), attribute, label);
        } else if (f instanceof And a) {
            validate(a.left(), attribute, label);
            validate(a.right(), attribute, label);
        } else if (f instanceof Or o) {
            validate(o.left(), attribute, label);
            validate(o.right(), attribute, label);
        } else if (f instanceof Not n) {
            validate(n.inner(), attribute, label);
        } else if (f instanceof ValuePathFilter) {
            throw PatchErrors.invalidPath("Value filters cannot be nested in '" + label + "'");
        }
    }

    static AttributeDefinition subAttribute(AttributePath path, AttributeDefinition attribute, String label) {
        Optional<AttributeDefinition> sub = path.schemaUrn() == null && path.subAttribute() == null
                ? attribute.subAttribute(path.name()) : Optional.empty();
        return sub.orElseThrow(() -> PatchErrors.invalidPath("The value filter of '" + label + "' refers to '"
                + PatchErrors.excerpt(path.render()) + "', which is not a sub-attribute of '" + attribute.name() + "'"));
    }

    public static boolean matches(Filter f, JsonNode element, AttributeDefinition attribute) {
        if (f instanceof Comparison c) {
            AttributeDefinition sub = attribute.subAttribute(c.path().name()).orElse(null);
            if (sub == null) {
                return false;
            }
            return compare(element.get(sub.name()), c.op(), c.value(), sub);
        }
        if (f instanceof Present p) {
            AttributeDefinition sub = attribute.subAttribute(p.path().name()).orElse(null);
            return sub != null && isPresent(element.get(sub.name()));
        }
        if (f instanceof And a) {
            return matches(a.left(), element, attribute) && matches(a.right(), element, attribute);
        }
        if (f instanceof Or o) {
            return matches(o.left(), element, attribute) || matches(o.right(), element, attribute);
        }
        if (f instanceof Not n) {
            return !matches(n.inner(), element, attribute);
        }
        return false;
    }

    /** Equality as used for "same value" decisions (dedupe, removal by listed value). */
    static boolean equal(JsonNode actual, JsonNode expected, AttributeDefinition def) {
        return compare(actual, ComparisonOperator.EQ, expected, def);
    }

    private static boolean isPresent(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        if (v.isContainerNode()) {
            return !v.isEmpty();
        }
        return true;
    }

    private static boolean compare(JsonNode actual, ComparisonOperator op, JsonNode expected, AttributeDefinition def) {
        if (def.type() == AttributeType.BOOLEAN) {
            // roles[primary eq "True"]: Entra writes booleans as strings, in filters as in values
            actual = Booleans.coerced(actual);
            expected = Booleans.coerced(expected);
        }
        boolean actualAbsent = actual == null || actual.isNull();
        if (expected == null || expected.isNull() || actualAbsent) {
            boolean bothAbsent = actualAbsent && (expected == null || expected.isNull());
            return switch (op) {
                case EQ -> bothAbsent;
                case NE -> !bothAbsent;
                default -> false;
            };
        }
        if (actual.isTextual() && expected.isTextual()) {
            String a = actual.textValue();
            String e = expected.textValue();
            if (!def.caseExact()) {
                a = a.toLowerCase(Locale.ROOT);
                e = e.toLowerCase(Locale.ROOT);
            }
            return switch (op) {
                case EQ -> a.equals(e);
                case NE -> !a.equals(e);
                case CO -> a.contains(e);
                case SW -> a.startsWith(e);
                case EW -> a.endsWith(e);
                case GT -> a.compareTo(e) > 0;
                case GE -> a.compareTo(e) >= 0;
                case LT -> a.compareTo(e) < 0;
                case LE -> a.compareTo(e) <= 0;
            };
        }
        if (actual.isNumber() && expected.isNumber()) {
            int cmp = decimal(actual).compareTo(decimal(expected));
            return switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                default -> false;
            };
        }
        if (actual.isBoolean() && expected.isBoolean()) {
            return switch (op) {
                case EQ -> actual.booleanValue() == expected.booleanValue();
                case NE -> actual.booleanValue() != expected.booleanValue();
                default -> false;
            };
        }
        if (actual.isContainerNode() || expected.isContainerNode()) {
            return switch (op) {
                case EQ -> actual.equals(expected);
                case NE -> !actual.equals(expected);
                default -> false;
            };
        }
        return op == ComparisonOperator.NE;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isIntegralNumber()) {
            return new BigDecimal(n.bigIntegerValue());
        }
        double d = n.doubleValue();
        if (!n.isBigDecimal() && (Double.isNaN(d) || Double.isInfinite(d))) {
            return BigDecimal.ZERO;
        }
        return n.decimalValue();
    }
}
