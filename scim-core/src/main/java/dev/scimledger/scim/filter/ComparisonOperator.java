package dev.scimledger.scim.filter;

import java.util.Locale;
import java.util.Optional;

/**
 * The comparison operators of RFC 7644 §3.4.2.2, Table 3 ({@code pr} is modelled by {@link Present}).
 * Operator names are case-insensitive on input and rendered lower case.
 */
public enum ComparisonOperator {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    /** The lower-case operator name, e.g. {@code eq}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for {@code gt ge lt le}, which order values. */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    /** True for {@code co sw ew}, which match substrings. */
    public boolean isSubstring() {
        return this == CO || this == SW || this == EW;
    }

    /** The operator with the given name, case-insensitively; empty when unknown. */
    public static Optional<ComparisonOperator> fromWireName(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (ComparisonOperator op : values()) {
            if (op.name().equalsIgnoreCase(s)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
