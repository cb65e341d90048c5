package dev.scimledger.scim.filter;

/**
 * An attribute path of the RFC 7644 §3.4.2.2 filter grammar (Figure 1): {@code attrPath = [URI ":"] ATTRNAME
 * *1subAttr}, e.g. {@code userName}, {@code name.familyName}, {@code meta.lastModified},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}. The URN, if any, is
 * separated from the attribute name at the last colon. Names keep the client's spelling; resolve them against a
 * schema for the canonical one.
 *
 * <p>Names follow {@code ATTRNAME = ALPHA *(nameChar)} with one leniency: a leading {@code $} is accepted so that
 * {@code $ref} (RFC 7643 §2.4) can be named. Constructing an invalid path throws a 400 invalidFilter
 * {@link dev.scimledger.scim.ScimException}.
 *
 * @param schemaUrn    the schema URN qualifying the attribute, or null
 * @param name         the attribute name
 * @param subAttribute the sub-attribute name, or null
 */
public record AttributePath(String schemaUrn, String name, String subAttribute) {

    public AttributePath {
        if (!isValidName(name)) {
            throw FilterErrors.invalid("Invalid attribute name '" + FilterErrors.excerpt(name) + "'");
        }
        if (subAttribute != null && !isValidName(subAttribute)) {
            throw FilterErrors.invalid("Invalid sub-attribute name '" + FilterErrors.excerpt(subAttribute) + "'");
        }
        if (schemaUrn != null && !isValidUrn(schemaUrn)) {
            throw FilterErrors.invalid("Invalid schema URN '" + FilterErrors.excerpt(schemaUrn) + "'");
        }
    }

    /** An unqualified path without sub-attribute. */
    public static AttributePath of(String name) {
        return new AttributePath(null, name, null);
    }

    /** An unqualified path with a sub-attribute, e.g. {@code name.givenName}. */
    public static AttributePath of(String name, String subAttribute) {
        return new AttributePath(null, name, subAttribute);
    }

    /**
     * True when the string is an {@code ATTRNAME} of RFC 7644 Figure 1 ({@code ALPHA *("-" / "_" / DIGIT /
     * ALPHA)}), optionally preceded by {@code $}.
     */
    public static boolean isValidName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int i = 0;
        if (s.charAt(0) == '$') {
            i = 1;
        }
        if (i >= s.length() || !isAlpha(s.charAt(i))) {
            return false;
        }
        for (i++; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidUrn(String s) {
        if (s.isEmpty() || !isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The canonical text form, e.g. {@code urn:...:User:name.familyName}. */
    public String render() {
        StringBuilder b = new StringBuilder();
        if (schemaUrn != null) {
            b.append(schemaUrn).append(':');
        }
        b.append(name);
        if (subAttribute != null) {
            b.append('.').append(subAttribute);
        }
        return b.toString();
    }
}
