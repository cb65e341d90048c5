package dev.scimledger.gateway.audit;

/**
 * RFC 4180 fields: quoted when they hold a comma, a double quote, CR or LF, with inner quotes doubled. A field that a
 * spreadsheet would read as a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR: a
 * client's User-Agent or X-Request-Id can be anything) is written with a leading {@code '} and quoted, as OWASP
 * advises against CSV injection, so opening the export never runs what a client sent.
 */
final class Csv {

    /** Records end with CRLF (RFC 4180 §2.1). */
    static final String LINE_BREAK = "\r\n";

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    /** Appends {@code value} as one field (nothing for null) and returns {@code line}. */
    static StringBuilder field(StringBuilder line, String value) {
        if (value == null) {
            return line;
        }
        boolean formula = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        if (!formula && !needsQuotes(value)) {
            return line.append(value);
        }
        line.append('"');
        if (formula) {
            line.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        return line.append('"');
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
