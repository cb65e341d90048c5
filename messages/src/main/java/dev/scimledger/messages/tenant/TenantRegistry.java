package dev.scimledger.messages.tenant;

import java.time.Instant;

/**
 * What the gateway reads on every request (which tenant a token digest opens, whether it still works, the tenant's
 * status and settings), kept by the tenant commands in their own transaction: a revocation or a suspension is in
 * force on every instance the moment its command commits, with no projection lag.
 *
 * <p>A port: the tenant command handler (command-service) writes through it, and the gateway, which owns the
 * {@code tenant} and {@code scim_token} tables and reads them on every request, implements it. Called inside the
 * command's transaction, so an implementation must write through the transaction's connection.
 */
public interface TenantRegistry {

    /**
     * Serialises name changes of all tenants until the transaction ends, so that the uniqueness check and the
     * write that follows it cannot interleave with another's.
     */
    void lockNames();

    /** True when a live tenant other than {@code exceptTenantId} has this name, in any case. */
    boolean nameTaken(String name, String exceptTenantId);

    void insertTenant(String tenantId, String name, TenantSettings settings, Instant createdAt);

    /** Writes the tenant's name, status and settings as its aggregate now has them. */
    void update(TenantView tenant);

    /** Marks the tenant deleted and revokes every token it still has. */
    void delete(String tenantId, Instant at);

    void insertToken(String tenantId, String tokenId, String digest, String name, Instant createdAt, Instant expiresAt);

    void revokeToken(String tenantId, String tokenId, Instant at);

    /** The old token now expires at {@code validUntil} and names its successor. */
    void replaceToken(String tenantId, String tokenId, String newTokenId, Instant validUntil);

    /** Notes that a tenant created before tenants were event-sourced is now in the log. */
    void markRecorded(String tenantId);
}
