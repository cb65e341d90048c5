package dev.scimledger.scim.filter;

/** {@code left and right} (RFC 7644 §3.4.2.2, Table 4). */
public record And(Filter left, Filter right) implements Filter {

    public And {
        if (left == null || right == null) {
            throw FilterErrors.invalid("'and' needs two operands");
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitAnd(this);
    }
}
