package dev.scimledger.scim.filter;

/**
 * The immutable AST of an RFC 7644 §3.4.2.2 filter. Obtain one with {@link FilterParser#parse(String)}; turn it
 * back into canonical filter text with {@link #render()} ({@code FilterParser.parse(f.render()).equals(f)});
 * translate it (e.g. to parameterised SQL) with a {@link FilterVisitor}.
 */
public sealed interface Filter permits Comparison, Present, And, Or, Not, ValuePathFilter {

    /** Double dispatch to the visitor method for this node type. */
    <R> R accept(FilterVisitor<R> visitor);

    /**
     * The canonical filter text: operators and keywords lower case, single spaces, strings JSON-escaped,
     * parentheses only where precedence ({@code not > and > or}) or the left-associative tree shape needs them.
     */
    default String render() {
        return FilterRenderer.render(this);
    }

    /** Whether a value path ({@code emails[type eq "work"]}) stands anywhere in this filter. */
    default boolean containsValuePath() {
        if (this instanceof ValuePathFilter) {
            return true;
        }
        if (this instanceof And a) {
            return a.left().containsValuePath() || a.right().containsValuePath();
        }
        if (this instanceof Or o) {
            return o.left().containsValuePath() || o.right().containsValuePath();
        }
        return this instanceof Not n && n.inner().containsValuePath();
    }
}
