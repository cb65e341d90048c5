package dev.scimledger.messages.user;

/**
 * One user of a tenant. When {@code minVersion} is zero or more, the answer waits (briefly) until the read model
 * has applied that version of the user, so that a client reads its own writes.
 */
public record FindUserQuery(String tenantId, String userId, long minVersion) {
    public static FindUserQuery latest(String tenantId, String userId) {
        return new FindUserQuery(tenantId, userId, -1);
    }
}
