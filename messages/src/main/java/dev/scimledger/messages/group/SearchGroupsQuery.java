package dev.scimledger.messages.group;

/** A page of a tenant's groups; {@code filter} is validated at the edge or null; {@code startIndex} is 1-based. */
public record SearchGroupsQuery(String tenantId, String filter, int startIndex, int count, boolean includeMembers) {
}
