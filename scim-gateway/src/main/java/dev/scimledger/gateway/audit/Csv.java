package dev.scimledger.gateway.audit;

/** RFC 4180 fields: quoted when they hold a comma, a double quote, CR or LF, with inner quotes doubled. */
final class Csv {

    /** Records end with CRLF (RFC 4180 §2.1). */
    static final String LINE_BREAK = "\r\n";

    private Csv() {
    }

    /** Appends {@code value} as one field (nothing for null) and returns {@code line}. */
    static StringBuilder field(StringBuilder line, String value) {
        if (value == null) {
            return line;
        }
        if (!needsQuotes(value)) {
            return line.append(value);
        }
        line.append('"');
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
