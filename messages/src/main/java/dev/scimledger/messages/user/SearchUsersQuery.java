package dev.scimledger.messages.user;

/**
 * A page of a tenant's users. {@code filter} is an RFC 7644 §3.4.2.2 filter, already known to parse, or null;
 * {@code sortBy} an attribute path (§3.4.2.3), or null for the default order (creation time); {@code startIndex} is
 * 1-based. Whether the filter's and sortBy's attributes can be searched is decided by the read model (400 if not).
 */
public record SearchUsersQuery(String tenantId, String filter, int startIndex, int count, String sortBy,
                               boolean descending) {

    /** Unsorted: in the default order. */
    public SearchUsersQuery(String tenantId, String filter, int startIndex, int count) {
        this(tenantId, filter, startIndex, count, null, false);
    }
}
