package dev.scimledger.scim.filter;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

/** Factory for the 400 invalidFilter errors of this package. */
final class FilterErrors {

    private FilterErrors() {
    }

    static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_FILTER, detail);
    }

    /** A short, printable excerpt of client input for error details. */
    static String excerpt(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
