package dev.scimledger.messages.user;

import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.messages.ListPosition;

/**
 * A page of a tenant's users. {@code filter} is an RFC 7644 §3.4.2.2 filter, already known to parse, or null;
 * {@code sortBy} an attribute path (§3.4.2.3), or null for the default order (creation time). Whether the filter's
 * and sortBy's attributes can be searched is decided by the read model (400 if not).
 *
 * <p>Paging is by index ({@code startIndex}, 1-based, RFC 7644 §3.4.2.4) unless {@code keyset}: then the page is
 * the {@code count} users right after {@code after} in the list's order (from the start when null), and the answer
 * says where the next page starts (RFC 9865 cursors are made of it).
 *
 * @param includeGroups whether each user carries its groups (RFC 7643 §4.1.2), read only when shown
 */
public record SearchUsersQuery(String tenantId, String filter, int startIndex, int count, String sortBy,
                               boolean descending, boolean includeGroups, boolean keyset, ListPosition after,
                               ResourceSchema schema) {

    /** {@code schema}: the tenant's User resource type, whose attributes the filter and sortBy may name. */
    public SearchUsersQuery {
        schema = schema == null ? ResourceSchema.USER : schema;
    }


    /** Paged by index, users with their groups. */
    public SearchUsersQuery(String tenantId, String filter, int startIndex, int count, String sortBy,
                            boolean descending) {
        this(tenantId, filter, startIndex, count, sortBy, descending, true, false, null, null);
    }

    /** Unsorted: in the default order. */
    public SearchUsersQuery(String tenantId, String filter, int startIndex, int count) {
        this(tenantId, filter, startIndex, count, null, false);
    }
}
