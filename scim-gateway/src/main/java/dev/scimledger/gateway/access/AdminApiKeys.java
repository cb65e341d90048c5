package dev.scimledger.gateway.access;

import dev.scimledger.gateway.tenant.TokenDigest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin API's named keys ({@code admin_api_key}): a key of a role for each script or tool, shown once when made
 * or rotated (a rotation gives the key a new secret; the old one stops at once), revocable; only digests are kept.
 * Made, rotated and revoked by the operator commands ({@code gateway.operator.Operators}); read here.
 */
@Component
public class AdminApiKeys {

    public static final String PREFIX = "scimlk_";

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

    public Optional<ApiKey> find(String id) {
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
