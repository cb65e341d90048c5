package dev.scimledger.scim.filter;

/**
 * {@code attribute[inner]}: a value filter over the values of a multi-valued complex attribute, e.g.
 * {@code emails[type eq "work" and value co "@example.com"]} (RFC 7644 §3.4.2.2, {@code valuePath}). The inner
 * filter's attribute paths name sub-attributes of {@code attribute}. Per the grammar, the attribute has no
 * sub-attribute and the inner filter contains no further value path.
 */
public record ValuePathFilter(AttributePath attribute, Filter inner) implements Filter {

    public ValuePathFilter {
        if (attribute == null || inner == null) {
            throw FilterErrors.invalid("A value path needs an attribute and a filter");
        }
        if (attribute.subAttribute() != null) {
            throw FilterErrors.invalid("A value filter cannot follow the sub-attribute '" + attribute.render() + "'");
        }
        if (inner.containsValuePath()) {
            throw FilterErrors.invalid("Value filters cannot be nested: '" + attribute.render() + "[...]'");
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitValuePath(this);
    }
}
