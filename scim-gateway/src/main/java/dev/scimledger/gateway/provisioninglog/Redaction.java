package dev.scimledger.gateway.provisioninglog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What the provisioning log leaves out: every value a client sent. A filter names its values in quotes
 * ({@code userName eq "jane@example.com"}) and so do the SCIM errors that name one ({@code userName "…" exists
 * already}); those are a person's data, which an erasure must be able to remove, and the log is not where it could
 * (its rows are found by time and tenant, not by person). So each quoted string becomes {@code "…"}: the request's
 * shape stays readable ({@code /Users?filter=userName eq "…"}), the person's values stay in the log of events alone,
 * where they are encrypted and erasable.
 */
final class Redaction {

    static final String REDACTED = "\"…\"";

    private Redaction() {
    }

    /** {@code text} with each quoted string, escapes inside it included, as {@code "…"}; a quote left open runs to the end. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '"') {
                j += text.charAt(j) == '\\' ? 2 : 1;
            }
            out.append(REDACTED);
            i = j + 1;
        }
        return out.toString();
    }

    /** The path as received, its query decoded (readable) and each quoted value in it redacted. */
    static String path(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        if (question < 0) {
            return pathAndQuery;
        }
        String query;
        try {
            query = URLDecoder.decode(pathAndQuery.substring(question + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return pathAndQuery.substring(0, question) + "?…";
        }
        return pathAndQuery.substring(0, question + 1) + quoted(query);
    }
}
