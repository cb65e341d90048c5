package dev.scimledger.messages.operator;

import java.time.Instant;

/**
 * What the console's sign-in and the admin API's key check read (account password hashes and roles, key digests),
 * kept by the operator commands in their own transaction, so that a disabled account or a revoked key is refused on
 * every instance the moment its command commits.
 *
 * <p>A port: the operator command handler (command-service) writes through it; the gateway, which owns the
 * {@code console_account} and {@code admin_api_key} tables, implements it. Called inside the command's transaction.
 */
public interface OperatorRegistry {

    void insertAccount(String username, String role, String passwordHash, Instant at, String actor);

    void changePassword(String username, String passwordHash);

    void setDisabled(String username, boolean disabled);

    void insertApiKey(String keyId, String name, String role, String digest, Instant at, String actor);

    void changeApiKeyDigest(String keyId, String digest, Instant at);

    void revokeApiKey(String keyId, Instant at, String actor);
}
