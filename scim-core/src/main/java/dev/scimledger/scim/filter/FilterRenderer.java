package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders a filter AST as canonical filter text; see {@link Filter#render()}. */
final class FilterRenderer {

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int ATOM = 3;

    private FilterRenderer() {
    }

    static String render(Filter f) {
        StringBuilder b = new StringBuilder();
        render(f, b);
        return b.toString();
    }

    private static int precedence(Filter f) {
        if (f instanceof Or) {
            return OR;
        }
        if (f instanceof And) {
            return AND;
        }
        return ATOM;
    }

    private static void render(Filter f, StringBuilder b) {
        if (f instanceof Comparison c) {
            b.append(c.path().render()).append(' ').append(c.op().wireName()).append(' ');
            appendValue(c.value(), b);
        } else if (f instanceof Present p) {
            b.append(p.path().render()).append(" pr");
        } else if (f instanceof And a) {
            binary(a.left(), a.right(), "and", AND, b);
        } else if (f instanceof Or o) {
            binary(o.left(), o.right(), "or", OR, b);
        } else if (f instanceof Not n) {
            b.append("not (");
            render(n.inner(), b);
            b.append(')');
        } else if (f instanceof ValuePathFilter v) {
            b.append(v.attribute().render()).append('[');
            render(v.inner(), b);
            b.append(']');
        }
    }

    /** Left operand parenthesised when it binds looser; right operand also when it binds equally (left-assoc). */
    private static void binary(Filter left, Filter right, String keyword, int prec, StringBuilder b) {
        operand(left, precedence(left) < prec, b);
        b.append(' ').append(keyword).append(' ');
        operand(right, precedence(right) <= prec, b);
    }

    private static void operand(Filter f, boolean parens, StringBuilder b) {
        if (parens) {
            b.append('(');
        }
        render(f, b);
        if (parens) {
            b.append(')');
        }
    }

    private static void appendValue(JsonNode v, StringBuilder b) {
        if (v.isTextual()) {
            appendString(v.textValue(), b);
        } else if (v.isBigDecimal()) {
            b.append(v.decimalValue().toString());
        } else {
            b.append(v.asText());
        }
    }

    static void appendString(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
