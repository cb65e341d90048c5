package dev.scimledger.messages.user;

/**
 * The groups a user of a tenant is a direct member of (RFC 7643 §4.1.2), as the read model has them: what a write's
 * response shows beside the state the command produced, without reading the user again.
 */
public record FindUserGroupsQuery(String tenantId, String userId) {
}
