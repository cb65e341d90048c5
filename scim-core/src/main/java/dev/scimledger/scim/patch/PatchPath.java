package dev.scimledger.scim.patch;

import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.AttributePath;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.filter.Not;
import dev.scimledger.scim.filter.Or;
import dev.scimledger.scim.filter.ValuePathFilter;

/**
 * The {@code path} of a PATCH operation, RFC 7644 §3.5.2: {@code PATH = attrPath / valuePath [subAttr]}, e.g.
 * {@code userName}, {@code name.givenName}, {@code members[value eq "2819c223"]},
 * {@code emails[type eq "work"].value} or {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager}.
 * Names keep the client's spelling; the patcher resolves them case-insensitively against the schema.
 *
 * @param schemaUrn    the schema URN qualifying the attribute, or null
 * @param attribute    the top-level attribute name
 * @param valueFilter  the value selection filter in brackets, or null
 * @param subAttribute the sub-attribute ({@code name.givenName} or {@code emails[...].value}), or null
 */
public record PatchPath(String schemaUrn, String attribute, Filter valueFilter, String subAttribute) {

    public PatchPath {
        try {
            new AttributePath(schemaUrn, attribute, subAttribute);
        } catch (ScimException e) {
            throw PatchErrors.invalidPath("Invalid path: " + e.detail());
        }
        if (valueFilter != null && valueFilter.containsValuePath()) {
            throw PatchErrors.invalidPath("Invalid path: value filters cannot be nested");
        }
    }

    /**
     * Parses a PATCH path; the bracketed value filter is parsed with {@link FilterParser}. Surrounding whitespace
     * is ignored.
     *
     * @throws ScimException 400 invalidPath on any syntax error (including a bad value filter)
     */
    public static PatchPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw PatchErrors.invalidPath("The path is empty");
        }
        String s = path.strip();
        if (s.length() > FilterParser.MAX_LENGTH) {
            throw PatchErrors.invalidPath("The path is longer than " + FilterParser.MAX_LENGTH + " characters");
        }
        int open = s.indexOf('[');
        AttributePath head = attributePath(open < 0 ? s : s.substring(0, open), s);
        if (open < 0) {
            return new PatchPath(head.schemaUrn(), head.name(), null, head.subAttribute());
        }
        if (head.subAttribute() != null) {
            throw PatchErrors.invalidPath("Invalid path '" + PatchErrors.excerpt(s)
                    + "': a value filter cannot follow a sub-attribute");
        }
        int close = closingBracket(s, open);
        if (close < 0) {
            throw PatchErrors.invalidPath("Invalid path '" + PatchErrors.excerpt(s) + "': missing ']'");
        }
        Filter filter;
        try {
            filter = FilterParser.parse(s.substring(open + 1, close));
        } catch (ScimException e) {
            throw PatchErrors.invalidPath("Invalid value filter in path '" + PatchErrors.excerpt(s) + "': "
                    + e.detail());
        }
        String rest = s.substring(close + 1);
        String sub = null;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != '.' || !AttributePath.isValidName(rest.substring(1))) {
                throw PatchErrors.invalidPath("Invalid path '" + PatchErrors.excerpt(s)
                        + "': only '.subAttribute' may follow ']'");
            }
            sub = rest.substring(1);
        }
        return new PatchPath(head.schemaUrn(), head.name(), filter, sub);
    }

    private static AttributePath attributePath(String text, String whole) {
        try {
            return FilterParser.parseAttributePath(text);
        } catch (ScimException e) {
            throw PatchErrors.invalidPath("Invalid path '" + PatchErrors.excerpt(whole) + "': " + e.detail());
        }
    }

    /** Index of the ']' closing the '[' at {@code open}, skipping quoted strings; -1 if none. */
    private static int closingBracket(String s, int open) {
        boolean inString = false;
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[') {
                throw PatchErrors.invalidPath("Invalid path '" + PatchErrors.excerpt(s)
                        + "': value filters cannot be nested");
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** The canonical text form, e.g. {@code emails[type eq "work"].value}. */
    public String render() {
        StringBuilder b = new StringBuilder();
        if (schemaUrn != null) {
            b.append(schemaUrn).append(':');
        }
        b.append(attribute);
        if (valueFilter != null) {
            b.append('[').append(valueFilter.render()).append(']');
        }
        if (subAttribute != null) {
            b.append('.').append(subAttribute);
        }
        return b.toString();
    }
}
