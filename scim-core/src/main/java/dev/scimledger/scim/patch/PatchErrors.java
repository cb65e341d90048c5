package dev.scimledger.scim.patch;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

/** Factories for the 400 errors of RFC 7644 §3.5.2 raised by this package. */
final class PatchErrors {

    private PatchErrors() {
    }

    static ScimException invalidPath(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_PATH, detail);
    }

    static ScimException invalidValue(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }

    static ScimException invalidSyntax(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_SYNTAX, detail);
    }

    static ScimException noTarget(String detail) {
        return ScimException.invalid(ScimErrorType.NO_TARGET, detail);
    }

    static ScimException mutability(String detail) {
        return ScimException.invalid(ScimErrorType.MUTABILITY, detail);
    }

    static String excerpt(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
