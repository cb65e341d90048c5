package dev.scimledger.messages;

/**
 * A place in a list's stable order (sortBy, then id), for keyset pagination: the sort key of the last resource
 * already seen, as the read model renders it in text ({@code null} when that resource has no value for it), and its
 * id. The next page starts right after it, whatever was added or removed meanwhile.
 */
public record ListPosition(String sortKey, String id) {
    public ListPosition {
        if (id == null) {
            throw new IllegalArgumentException("a list position needs the id of the last resource seen");
        }
    }
}
