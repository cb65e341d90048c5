package dev.scimledger.scim.filter;

/** {@code attrPath pr}: the attribute has a non-empty value (RFC 7644 §3.4.2.2). */
public record Present(AttributePath path) implements Filter {

    public Present {
        if (path == null) {
            throw FilterErrors.invalid("'pr' needs an attribute path");
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitPresent(this);
    }
}
