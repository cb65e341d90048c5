package dev.scimledger.scim.filter;

/** {@code not (inner)} (RFC 7644 §3.4.2.2, Table 4). */
public record Not(Filter inner) implements Filter {

    public Not {
        if (inner == null) {
            throw FilterErrors.invalid("'not' needs an operand");
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitNot(this);
    }
}
