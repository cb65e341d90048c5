package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code attrPath compareOp compValue} (RFC 7644 §3.4.2.2): e.g. {@code userName eq "bjensen"}.
 *
 * <p>The value is a JSON scalar: a {@code TextNode}, a {@code BooleanNode}, {@code NullNode} or a number. Numbers
 * are held canonically so that equal filters are equal records: integers as {@code LongNode} (or
 * {@code BigIntegerNode} beyond the long range), numbers with a fraction or exponent as {@code DecimalNode} (a
 * decimal of scale 0 becomes an integer). A Java null value means JSON null.
 *
 * <p>Decided strictness: the ordering operators {@code gt ge lt le} need a string or number and the substring
 * operators {@code co sw ew} need a string; RFC 7644 §3.4.2.2 leaves booleans and null undefined there, so such
 * comparisons are rejected with 400 invalidFilter rather than silently matching nothing.
 */
public record Comparison(AttributePath path, ComparisonOperator op, JsonNode value) implements Filter {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    public Comparison {
        if (path == null || op == null) {
            throw FilterErrors.invalid("A comparison needs an attribute path and an operator");
        }
        value = canonicalValue(value);
        if (op.isOrdering() && !(value.isTextual() || value.isNumber())) {
            throw FilterErrors.invalid("Operator '" + op.wireName() + "' on '" + path.render()
                    + "' needs a string or number value, not " + value);
        }
        if (op.isSubstring() && !value.isTextual()) {
            throw FilterErrors.invalid("Operator '" + op.wireName() + "' on '" + path.render()
                    + "' needs a string value, not " + value);
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitComparison(this);
    }

    private static JsonNode canonicalValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return NullNode.getInstance();
        }
        if (v.isTextual() || v.isBoolean()) {
            return v;
        }
        if (v.isNumber()) {
            if (v.isIntegralNumber()) {
                return integral(v.bigIntegerValue());
            }
            if (v.isFloat() || v.isDouble()) {
                double d = v.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw FilterErrors.invalid("A filter value must be a finite number");
                }
                return decimal(BigDecimal.valueOf(d));
            }
            return decimal(v.decimalValue());
        }
        throw FilterErrors.invalid("A filter value must be a string, number, true, false or null");
    }

    private static JsonNode decimal(BigDecimal d) {
        if (d.scale() == 0) {
            return integral(d.unscaledValue());
        }
        return DecimalNode.valueOf(d);
    }

    private static JsonNode integral(BigInteger i) {
        if (i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0) {
            return LongNode.valueOf(i.longValue());
        }
        return BigIntegerNode.valueOf(i);
    }
}
