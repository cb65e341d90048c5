package dev.scimledger.gateway.operator;

import dev.scimledger.messages.operator.OperatorRegistry;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The console accounts and admin API keys as the operator commands leave them ({@code console_account},
 * {@code admin_api_key}, owned here), written in each command's own transaction. The directory aggregate has decided
 * before anything is written, so each statement only records its decision.
 */
@Component
class JdbcOperatorRegistry implements OperatorRegistry {

    private final JdbcTemplate jdbc;

    JdbcOperatorRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Two nodes making the same name at the same moment both pass the directory's check; the second insert waits for
     * the first to commit and then finds the row there: the same refusal as the directory's.
     */
    @Override
    public void insertAccount(String username, String role, String passwordHash, Instant at, String actor) {
        try {
            jdbc.update("INSERT INTO console_account (username, password_hash, role, created, created_by) "
                    + "VALUES (?, ?, ?, ?, ?)", username, passwordHash, role, Timestamp.from(at), actor);
        } catch (DuplicateKeyException taken) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already an account " + username);
        }
    }

    @Override
    public void changePassword(String username, String passwordHash) {
        jdbc.update("UPDATE console_account SET password_hash = ? WHERE username = ?", passwordHash, username);
    }

    @Override
    public void setDisabled(String username, boolean disabled) {
        jdbc.update("UPDATE console_account SET disabled = ? WHERE username = ?", disabled, username);
    }

    @Override
    public void insertApiKey(String keyId, String name, String role, String digest, Instant at, String actor) {
        try {
            jdbc.update("INSERT INTO admin_api_key (id, name, role, digest, created, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", keyId, name, role, digest, Timestamp.from(at), actor);
        } catch (DuplicateKeyException taken) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already a key named " + name);
        }
    }

    @Override
    public void changeApiKeyDigest(String keyId, String digest, Instant at) {
        jdbc.update("UPDATE admin_api_key SET digest = ?, created = ? WHERE id = ?", digest, Timestamp.from(at), keyId);
    }

    @Override
    public void revokeApiKey(String keyId, Instant at, String actor) {
        jdbc.update("UPDATE admin_api_key SET revoked_at = ?, revoked_by = ? WHERE id = ?", Timestamp.from(at), actor,
                keyId);
    }
}
