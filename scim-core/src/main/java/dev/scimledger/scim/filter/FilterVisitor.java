package dev.scimledger.scim.filter;

/**
 * Visitor over the filter AST (RFC 7644 §3.4.2.2), e.g. to translate a filter to parameterised SQL.
 *
 * @param <R> the result type
 */
public interface FilterVisitor<R> {

    R visitComparison(Comparison filter);

    R visitPresent(Present filter);

    R visitAnd(And filter);

    R visitOr(Or filter);

    R visitNot(Not filter);

    R visitValuePath(ValuePathFilter filter);
}
