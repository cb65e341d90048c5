package dev.scimledger.scim.filter;

/** {@code left or right} (RFC 7644 §3.4.2.2, Table 4). */
public record Or(Filter left, Filter right) implements Filter {

    public Or {
        if (left == null || right == null) {
            throw FilterErrors.invalid("'or' needs two operands");
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitOr(this);
    }
}
