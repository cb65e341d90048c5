package dev.scimledger.messages.user;

/**
 * One user of a tenant, as the read model has it (which, written in each command's transaction, holds every write
 * that has committed). {@code includeGroups}: whether the answer carries the user's groups (RFC 7643 §4.1.2), read
 * only when the response shows them.
 */
public record FindUserQuery(String tenantId, String userId, boolean includeGroups) {

    public static FindUserQuery latest(String tenantId, String userId) {
        return new FindUserQuery(tenantId, userId, true);
    }
}
