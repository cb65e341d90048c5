package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.FilterLexer.Kind;
import dev.scimledger.scim.filter.FilterLexer.LexException;
import dev.scimledger.scim.filter.FilterLexer.Token;

import java.util.List;

/**
 * Parser for the filter grammar of RFC 7644 §3.4.2.2 (ABNF of Figure 1). Every failure is a
 * {@link ScimException} 400 {@code invalidFilter} whose detail names the 1-based character position.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Operators ({@code eq ne co sw ew gt ge lt le pr}), {@code and or not} and the literals {@code true false
 *       null} are case-insensitive (RFC 7644 §3.4.2.2 and ABNF string rules, RFC 5234 §2.3).</li>
 *   <li>Precedence {@code not > and > or}; {@code and}/{@code or} associate to the left; parentheses group.
 *       {@code not} must be followed by a parenthesised filter, as in the grammar.</li>
 *   <li>Strict: string values must be double-quoted JSON strings (escapes {@code \" \\ \/ \b \f \n \r \t \\uXXXX});
 *       unquoted values other than {@code true false null} and numbers are rejected. Numbers follow JSON.</li>
 *   <li>Lenient: whitespace may be any run of space, tab, CR or LF, and may be omitted next to parentheses,
 *       brackets and quoted strings; raw control characters inside strings are accepted.</li>
 *   <li>Value filters ({@code emails[type eq "work"]}) cannot be nested and cannot follow a sub-attribute.</li>
 *   <li>Limits: at most {@link #MAX_LENGTH} characters and at most {@link #MAX_DEPTH} levels of nesting, where
 *       each parenthesis, {@code not (} and {@code [} opens a level; long flat {@code and}/{@code or} chains
 *       are fine.</li>
 * </ul>
 */
public final class FilterParser {

    /** The longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** The deepest nesting of parentheses, {@code not (} and value filters accepted. */
    public static final int MAX_DEPTH = 32;

    private final String src;
    private final List<Token> tokens;
    private int index;
    private int depth;
    private boolean inValueFilter;

    private FilterParser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    /**
     * Parses a filter such as {@code userName eq "bjensen" and emails[type eq "work"]}.
     *
     * @throws ScimException 400 invalidFilter on any syntax error, on a null, blank or too long filter, or when
     *                       nesting exceeds {@link #MAX_DEPTH}
     */
    public static Filter parse(String filter) {
        FilterParser p = start(filter, "filter");
        Filter f = p.parseOr();
        p.expect(Kind.EOF, "end of filter");
        return f;
    }

    /**
     * Parses a standalone attribute path ({@code attrPath} of RFC 7644 Figure 1), e.g. {@code name.givenName} or
     * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager}; also useful for
     * {@code sortBy} and {@code attributes} parameters.
     *
     * @throws ScimException 400 invalidFilter if the text is not a single attribute path
     */
    public static AttributePath parseAttributePath(String path) {
        FilterParser p = start(path, "attribute path");
        Token t = p.next();
        if (t.kind() != Kind.WORD) {
            throw p.error("expected an attribute path but found " + t.describe(), t.pos());
        }
        AttributePath result = p.toPath(t);
        p.expect(Kind.EOF, "end of attribute path");
        return result;
    }

    private static FilterParser start(String text, String what) {
        if (text == null || text.isBlank()) {
            throw FilterErrors.invalid("The " + what + " is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw FilterErrors.invalid("The " + what + " is longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new FilterParser(text, FilterLexer.tokenize(text));
        } catch (LexException e) {
            throw FilterErrors.invalid("Invalid " + what + ": " + e.getMessage() + " at position " + (e.pos + 1)
                    + " in '" + FilterErrors.excerpt(text) + "'");
        }
    }

    private Filter parseOr() {
        Filter left = parseAnd();
        while (peek().isWord("or")) {
            next();
            left = new Or(left, parseAnd());
        }
        return left;
    }

    private Filter parseAnd() {
        Filter left = parseUnary();
        while (peek().isWord("and")) {
            next();
            left = new And(left, parseUnary());
        }
        return left;
    }

    private Filter parseUnary() {
        Token t = next();
        if (t.isWord("not") && peek().kind() == Kind.LPAREN) {
            Token open = next();
            enter(open);
            Filter inner = parseOr();
            expect(Kind.RPAREN, "')' closing 'not (' at position " + (open.pos() + 1));
            depth--;
            return new Not(inner);
        }
        if (t.kind() == Kind.LPAREN) {
            enter(t);
            Filter inner = parseOr();
            expect(Kind.RPAREN, "')' closing '(' at position " + (t.pos() + 1));
            depth--;
            return inner;
        }
        if (t.kind() != Kind.WORD) {
            throw error("expected an attribute path, '(' or 'not (' but found " + t.describe(), t.pos());
        }
        if (t.isWord("not") && peek().kind() == Kind.WORD && !isOperator(peek())) {
            throw error("'not' must be followed by a parenthesised filter", t.pos());
        }
        AttributePath path = toPath(t);
        if (peek().kind() == Kind.LBRACKET) {
            return valuePath(path, next());
        }
        Token opToken = next();
        if (opToken.kind() != Kind.WORD) {
            throw error("expected an operator after '" + FilterErrors.excerpt(t.text()) + "' but found "
                    + opToken.describe(), opToken.pos());
        }
        if (opToken.isWord("pr")) {
            return new Present(path);
        }
        ComparisonOperator op = ComparisonOperator.fromWireName(opToken.text()).orElseThrow(() -> error(
                "unknown operator " + opToken.describe() + " (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)",
                opToken.pos()));
        Token v = next();
        JsonNode value = switch (v.kind()) {
            case STRING, NUMBER -> v.value();
            case WORD -> {
                if (v.isWord("true")) {
                    yield BooleanNode.TRUE;
                } else if (v.isWord("false")) {
                    yield BooleanNode.FALSE;
                } else if (v.isWord("null")) {
                    yield NullNode.getInstance();
                }
                throw error("expected a value but found " + v.describe()
                        + " (string values must be in double quotes)", v.pos());
            }
            default -> throw error("expected a value after '" + op.wireName() + "' but found " + v.describe(),
                    v.pos());
        };
        try {
            return new Comparison(path, op, value);
        } catch (ScimException e) {
            throw error(e.detail(), opToken.pos());
        }
    }

    private Filter valuePath(AttributePath path, Token open) {
        if (inValueFilter) {
            throw error("value filters cannot be nested", open.pos());
        }
        if (path.subAttribute() != null) {
            throw error("a value filter cannot follow the sub-attribute '" + path.render() + "'", open.pos());
        }
        enter(open);
        inValueFilter = true;
        Filter inner = parseOr();
        expect(Kind.RBRACKET, "']' closing '[' at position " + (open.pos() + 1));
        inValueFilter = false;
        depth--;
        return new ValuePathFilter(path, inner);
    }

    private static boolean isOperator(Token t) {
        return t.isWord("pr") || ComparisonOperator.fromWireName(t.text()).isPresent();
    }

    private AttributePath toPath(Token t) {
        String text = t.text();
        String urn = null;
        String rest = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            urn = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        String name = rest;
        String sub = null;
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            name = rest.substring(0, dot);
            sub = rest.substring(dot + 1);
        }
        if (!AttributePath.isValidName(name) || (sub != null && !AttributePath.isValidName(sub))) {
            throw error("invalid attribute path '" + FilterErrors.excerpt(text) + "'", t.pos());
        }
        try {
            return new AttributePath(urn, name, sub);
        } catch (ScimException e) {
            throw error(e.detail(), t.pos());
        }
    }

    private void enter(Token t) {
        depth++;
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels", t.pos());
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) {
            index++;
        }
        return t;
    }

    private void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error("expected " + what + " but found " + t.describe(), t.pos());
        }
    }

    private ScimException error(String what, int pos) {
        return FilterErrors.invalid("Invalid filter at position " + (pos + 1) + ": " + what + " in '"
                + FilterErrors.excerpt(src) + "'");
    }
}
