package dev.scimledger.gateway.scim;

import dev.scimledger.scim.ScimException;

/**
 * The entity tags of RFC 7644 §3.14: weak, {@code W/"n"} with {@code n} the sequence number of the resource's
 * latest event.
 */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * True when an {@code If-None-Match} header (RFC 9110 §13.1.2) names this version, so a GET answers 304: the
     * header is {@code *} or a list of entity tags one of which matches by weak comparison (the {@code W/} prefix
     * is ignored, the quoted values compared). Absent or unparsable tags match nothing, and the GET goes ahead.
     */
    static boolean noneMatchHits(String ifNoneMatch, long version) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String current = "\"" + version + "\"";
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code If-Match: W/"3"} (or {@code "3"}) into version 3; absent or {@code *} means no precondition. */
    static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ScimException.staleVersion("If-Match " + ifMatch + " names no version of this resource");
        }
    }
}
