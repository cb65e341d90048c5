package dev.scimledger.messages.user;

/**
 * A page of a tenant's users. {@code filter} is an RFC 7644 §3.4.2.2 filter, already validated at the edge, or
 * null; {@code startIndex} is 1-based.
 */
public record SearchUsersQuery(String tenantId, String filter, int startIndex, int count) {
}
