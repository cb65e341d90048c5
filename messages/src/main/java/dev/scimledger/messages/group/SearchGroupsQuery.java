package dev.scimledger.messages.group;

import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.messages.ListPosition;

/**
 * A page of a tenant's groups; {@code filter} is validated at the edge or null; {@code sortBy} an attribute path
 * (RFC 7644 §3.4.2.3) or null for the default order (creation time). Paged by index ({@code startIndex}, 1-based)
 * unless {@code keyset}: then the {@code count} groups right after {@code after} (from the start when null), as
 * {@code SearchUsersQuery} does. {@code includeMembers}: members are read only when the response shows them.
 */
public record SearchGroupsQuery(String tenantId, String filter, int startIndex, int count, String sortBy,
                                boolean descending, boolean includeMembers, boolean keyset, ListPosition after,
                                ResourceSchema schema) {

    /** {@code schema}: the tenant's Group resource type, whose attributes the filter and sortBy may name. */
    public SearchGroupsQuery {
        schema = schema == null ? ResourceSchema.GROUP : schema;
    }


    /** Paged by index, in the default order. */
    public SearchGroupsQuery(String tenantId, String filter, int startIndex, int count, boolean includeMembers) {
        this(tenantId, filter, startIndex, count, null, false, includeMembers, false, null, null);
    }
}
