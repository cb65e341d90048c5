package dev.scimledger.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Splits filter text into tokens; strings and numbers follow JSON (RFC 8259 §6, §7) as RFC 7644 §3.4.2.2 requires. */
final class FilterLexer {

    enum Kind { WORD, STRING, NUMBER, LPAREN, RPAREN, LBRACKET, RBRACKET, EOF }

    /** A token; {@code pos} is the 0-based offset of its first character, {@code value} set for STRING/NUMBER. */
    record Token(Kind kind, String text, int pos, JsonNode value) {

        boolean isWord(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string " + FilterErrors.excerpt(text);
                default -> "'" + FilterErrors.excerpt(text) + "'";
            };
        }
    }

    private final String src;
    private int i;

    private FilterLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        FilterLexer lexer = new FilterLexer(src);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.EOF);
        return tokens;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isDelimiter(char c) {
        return isSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"';
    }

    private Token next() {
        while (i < src.length() && isSpace(src.charAt(i))) {
            i++;
        }
        if (i >= src.length()) {
            return new Token(Kind.EOF, "", src.length(), null);
        }
        int start = i;
        char c = src.charAt(i);
        switch (c) {
            case '(' -> {
                i++;
                return new Token(Kind.LPAREN, "(", start, null);
            }
            case ')' -> {
                i++;
                return new Token(Kind.RPAREN, ")", start, null);
            }
            case '[' -> {
                i++;
                return new Token(Kind.LBRACKET, "[", start, null);
            }
            case ']' -> {
                i++;
                return new Token(Kind.RBRACKET, "]", start, null);
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                while (i < src.length() && !isDelimiter(src.charAt(i))) {
                    i++;
                }
                return new Token(Kind.WORD, src.substring(start, i), start, null);
            }
        }
    }

    private Token string() {
        int start = i;
        i++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= src.length()) {
                throw new LexException("unterminated string", start);
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                String s = b.toString();
                return new Token(Kind.STRING, s, start, TextNode.valueOf(s));
            }
            if (c == '\\') {
                if (i + 1 >= src.length()) {
                    throw new LexException("unterminated escape sequence", i);
                }
                char e = src.charAt(i + 1);
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 6 > src.length()) {
                            throw new LexException("incomplete \\u escape", i);
                        }
                        int code = 0;
                        for (int k = i + 2; k < i + 6; k++) {
                            int d = Character.digit(src.charAt(k), 16);
                            if (d < 0) {
                                throw new LexException("invalid \\u escape", i);
                            }
                            code = code * 16 + d;
                        }
                        b.append((char) code);
                        i += 4;
                    }
                    default -> throw new LexException("invalid escape '\\" + (e < 0x20 ? "?" : String.valueOf(e)) + "'", i);
                }
                i += 2;
            } else {
                b.append(c);
                i++;
            }
        }
    }

    /** A JSON number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Token number() {
        int start = i;
        boolean decimal = false;
        if (peekIs('-')) {
            i++;
        }
        if (peekIs('0')) {
            i++;
        } else if (digitAt(i)) {
            while (digitAt(i)) {
                i++;
            }
        } else {
            throw badNumber(start);
        }
        if (peekIs('.')) {
            decimal = true;
            i++;
            if (!digitAt(i)) {
                throw badNumber(start);
            }
            while (digitAt(i)) {
                i++;
            }
        }
        if (peekIs('e') || peekIs('E')) {
            decimal = true;
            i++;
            if (peekIs('+') || peekIs('-')) {
                i++;
            }
            if (!digitAt(i)) {
                throw badNumber(start);
            }
            while (digitAt(i)) {
                i++;
            }
        }
        if (i < src.length() && !isDelimiter(src.charAt(i))) {
            throw badNumber(start);
        }
        String lexeme = src.substring(start, i);
        JsonNode value;
        try {
            value = decimal
                    ? DecimalNode.valueOf(new BigDecimal(lexeme))
                    : JsonNodeFactory.instance.numberNode(new BigInteger(lexeme));
        } catch (NumberFormatException | ArithmeticException e) {
            throw badNumber(start);
        }
        return new Token(Kind.NUMBER, lexeme, start, value);
    }

    private LexException badNumber(int start) {
        int end = start;
        while (end < src.length() && !isDelimiter(src.charAt(end))) {
            end++;
        }
        return new LexException("invalid number '" + FilterErrors.excerpt(src.substring(start, end))
                + "' (string values must be quoted)", start);
    }

    private boolean peekIs(char c) {
        return i < src.length() && src.charAt(i) == c;
    }

    private boolean digitAt(int k) {
        return k < src.length() && src.charAt(k) >= '0' && src.charAt(k) <= '9';
    }

    /** A positioned lexical error, turned into a 400 invalidFilter by the parser. */
    static final class LexException extends RuntimeException {
        final int pos;

        LexException(String message, int pos) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }
}
