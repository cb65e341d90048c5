package dev.scimledger.messages;

/**
 * A place in a list's stable order (sortBy, then id), for keyset pagination: the sort key of the last resource
 * already seen, as the read model renders it in text ({@code null} when that resource has no value for it), and its
 * id. The next page starts right after it, whatever was added or removed meanwhile; a previous page ({@link #before})
 * ends right before it.
 */
public record ListPosition(String sortKey, String id, boolean before) {
    public ListPosition {
        if (id == null) {
            throw new IllegalArgumentException("a list position needs the id of the last resource seen");
        }
    }

    /** The page starts right after the resource with this sort key and id. */
    public ListPosition(String sortKey, String id) {
        this(sortKey, id, false);
    }

    /** The page ends right before the resource with this sort key and id (a previous page, RFC 9865). */
    public static ListPosition before(String sortKey, String id) {
        return new ListPosition(sortKey, id, true);
    }
}
