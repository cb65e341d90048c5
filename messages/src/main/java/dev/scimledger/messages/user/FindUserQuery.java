package dev.scimledger.messages.user;

/**
 * One user of a tenant. When {@code minVersion} is zero or more, the answer waits (briefly) until the read model
 * has applied that version of the user, so that a client reads its own writes. {@code includeGroups}: whether the
 * answer carries the user's groups (RFC 7643 §4.1.2), read only when the response shows them.
 */
public record FindUserQuery(String tenantId, String userId, long minVersion, boolean includeGroups) {

    /** Without the user's groups. */
    public FindUserQuery(String tenantId, String userId, long minVersion) {
        this(tenantId, userId, minVersion, false);
    }

    public static FindUserQuery latest(String tenantId, String userId) {
        return new FindUserQuery(tenantId, userId, -1, true);
    }
}
