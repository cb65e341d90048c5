package dev.scimledger.gateway.access;

import dev.scimledger.gateway.tenant.TokenDigest;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin API's named keys ({@code admin_api_key}): a key of a role for each script or tool, shown once when made
 * or rotated (a rotation gives the key a new secret; the old one stops at once), revocable; only digests are kept.
 */
@Component
public class AdminApiKeys {

    static final String PREFIX = "scimlk_";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,55}");

    private final JdbcTemplate jdbc;

    AdminApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record ApiKey(String id, String name, AdminCaller.Role role, Instant created, String createdBy,
                         Instant revokedAt, String revokedBy) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A key as made or rotated, with its secret: the one time it is shown. */
    public record IssuedKey(String key, ApiKey apiKey) {
        @Override
        public String toString() {
            return "IssuedKey[" + apiKey + "]"; // never the secret
        }
    }

    private static final RowMapper<ApiKey> ROW = (rs, n) -> new ApiKey(rs.getString("id"), rs.getString("name"),
            AdminCaller.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getTimestamp("created").toInstant(),
            rs.getString("created_by"), rs.getTimestamp("revoked_at") == null ? null
            : rs.getTimestamp("revoked_at").toInstant(), rs.getString("revoked_by"));

    public List<ApiKey> list() {
        return jdbc.query("SELECT * FROM admin_api_key ORDER BY name", ROW);
    }

    /** @throws ScimException 400 for a name or role that is not one, 409 for a name taken */
    public IssuedKey create(String name, String role, String createdBy) {
        String chosen = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(chosen).matches()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a key's name is 1 to 56 characters: lower-case "
                    + "letters, digits and . _ -, starting with a letter or digit");
        }
        AdminCaller.Role chosenRole = switch (role == null ? "" : role) {
            case "admin" -> AdminCaller.Role.ADMIN;
            case "auditor" -> AdminCaller.Role.AUDITOR;
            default -> throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a key's role is admin or auditor");
        };
        String key = TokenDigest.newToken(PREFIX);
        String id = UUID.randomUUID().toString();
        try {
            jdbc.update("INSERT INTO admin_api_key (id, name, role, digest, created, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                    id, chosen, chosenRole.stored(), TokenDigest.digest(key), Timestamp.from(Instant.now()), createdBy);
        } catch (DuplicateKeyException taken) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already a key named " + chosen);
        }
        return new IssuedKey(key, find(id).orElseThrow());
    }

    /** A new secret for the key; the old one is refused from now on. */
    public IssuedKey rotate(String id) {
        String key = TokenDigest.newToken(PREFIX);
        if (jdbc.update("UPDATE admin_api_key SET digest = ?, created = ? WHERE id = ? AND revoked_at IS NULL",
                TokenDigest.digest(key), Timestamp.from(Instant.now()), id) == 0) {
            throw ScimException.notFound("no live key " + id);
        }
        return new IssuedKey(key, find(id).orElseThrow());
    }

    public void revoke(String id, String revokedBy) {
        if (jdbc.update("UPDATE admin_api_key SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.from(Instant.now()), revokedBy, id) == 0) {
            throw ScimException.notFound("no live key " + id);
        }
    }

    Optional<ApiKey> find(String id) {
        return jdbc.query("SELECT * FROM admin_api_key WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** The live key a bearer token is, if it is one (its prefix and checksum are checked before the database). */
    Optional<AdminCaller> caller(String token) {
        if (!TokenDigest.wellFormed(token, PREFIX)) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM admin_api_key WHERE digest = ? AND revoked_at IS NULL", ROW,
                        TokenDigest.digest(token)).stream().findFirst()
                .map(key -> new AdminCaller("api-key:" + key.name(), key.role()));
    }
}
