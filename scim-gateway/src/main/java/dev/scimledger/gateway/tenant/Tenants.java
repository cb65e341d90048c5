package dev.scimledger.gateway.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.tenant.TenantSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the tenant registry (the {@code tenant} and {@code scim_token} tables, which only the tenant commands
 * write): which tenant a token opens, and what the admin API lists.
 */
@Component
public class Tenants {

    public static final String SCIM_TOKEN_PREFIX = "scimlt_";
    /** last_used_at is a hint for the admin: written at most this often per token and instance. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();

    Tenants(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** {@code status} is active, suspended or deleted. */
    public record Tenant(String id, String name, String status, TenantSettings settings, Instant created,
                         boolean recorded) {
    }

    /** A token as the admin sees it: everything but the secret, which is not stored. */
    public record Token(String id, String tenantId, String name, Instant createdAt, Instant expiresAt,
                        Instant revokedAt, String replacedBy, Instant lastUsedAt) {

        /** revoked, expired (or, after a rotation's overlap, replaced), expiring (within the warning window), active. */
        public String status(Instant now, int warningDays) {
            if (revokedAt != null && !revokedAt.isAfter(now)) {
                return "revoked";
            }
            if (!expiresAt.isAfter(now)) {
                return replacedBy != null ? "replaced" : "expired";
            }
            if (replacedBy != null) {
                return "overlap";
            }
            return expiresAt.isAfter(now.plus(Duration.ofDays(warningDays))) ? "active" : "expiring";
        }
    }

    /** The outcome of presenting a SCIM token. */
    public sealed interface Authentication {
        record Accepted(ScimCaller caller) implements Authentication {
        }

        /** 401 for a token that does not work, 403 for a working token of a suspended tenant. */
        record Refused(int status, String detail) implements Authentication {
        }
    }

    private final RowMapper<Tenant> tenantRow = (rs, n) -> new Tenant(rs.getString("id"), rs.getString("name"),
            rs.getString("status"), settings(rs.getString("settings")), instant(rs, "created"), rs.getBoolean("recorded"));

    private final RowMapper<Token> tokenRow = (rs, n) -> new Token(rs.getString("id"), rs.getString("tenant_id"),
            rs.getString("name"), instant(rs, "created"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
            rs.getString("replaced_by"), instant(rs, "last_used_at"));

    /** A live (active or suspended) tenant. */
    public Optional<Tenant> find(String id) {
        return jdbc.query("SELECT * FROM tenant WHERE id = ? AND status <> 'deleted'", tenantRow, id).stream().findFirst();
    }

    /** Live tenants, by name. */
    public List<Tenant> list() {
        return jdbc.query("SELECT * FROM tenant WHERE status <> 'deleted' ORDER BY lower(name), id", tenantRow);
    }

    /** Tenants created before tenants were event-sourced and not yet recorded in the log. */
    public List<Tenant> unrecorded() {
        return jdbc.query("SELECT * FROM tenant WHERE NOT recorded ORDER BY created", tenantRow);
    }

    /** The tokens of every live tenant, by tenant: one query for a whole tenant list. */
    public Map<String, List<Token>> tokensOfLiveTenants() {
        Map<String, List<Token>> byTenant = new HashMap<>();
        jdbc.query("""
                SELECT k.* FROM scim_token k JOIN tenant t ON t.id = k.tenant_id
                WHERE t.status <> 'deleted' ORDER BY k.created, k.id""",
                (RowCallbackHandler) rs -> byTenant.computeIfAbsent(rs.getString("tenant_id"), id -> new ArrayList<>())
                        .add(tokenRow.mapRow(rs, 0)));
        return byTenant;
    }

    public List<Token> tokens(String tenantId) {
        return jdbc.query("SELECT * FROM scim_token WHERE tenant_id = ? ORDER BY created, id", tokenRow, tenantId);
    }

    public Optional<Token> token(String tenantId, String tokenId) {
        return jdbc.query("SELECT * FROM scim_token WHERE tenant_id = ? AND id = ?", tokenRow, tenantId, tokenId)
                .stream().findFirst();
    }

    /**
     * Which tenant a SCIM token opens, checked against the registry on every request: a revocation or suspension
     * committed by any instance applies to the next request everywhere.
     */
    public Authentication authenticate(String token) {
        if (!TokenDigest.wellFormed(token, SCIM_TOKEN_PREFIX)) {
            // not one of ours, or mistyped: no need to ask the database
            return new Authentication.Refused(401, "The bearer token is not valid");
        }
        record Found(Token token, String status, TenantSettings settings) {
        }
        Optional<Found> found = jdbc.query("""
                        SELECT k.*, t.status AS tenant_status, t.settings FROM scim_token k JOIN tenant t ON t.id = k.tenant_id
                        WHERE k.digest = ?""",
                (rs, n) -> new Found(tokenRow.mapRow(rs, n), rs.getString("tenant_status"), settings(rs.getString("settings"))),
                TokenDigest.digest(token)).stream().findFirst();
        if (found.isEmpty()) {
            return new Authentication.Refused(401, "The bearer token is not valid");
        }
        Token key = found.get().token();
        Instant now = clock.instant();
        switch (key.status(now, 0)) {
            case "revoked":
                return new Authentication.Refused(401, "The bearer token has been revoked");
            case "expired":
                return new Authentication.Refused(401, "The bearer token has expired");
            case "replaced":
                return new Authentication.Refused(401, "The bearer token was replaced by rotation and its overlap has ended");
            default:
                break;
        }
        switch (found.get().status()) {
            case "deleted":
                return new Authentication.Refused(401, "The bearer token has been revoked");
            case "suspended":
                return new Authentication.Refused(403, "The tenant is suspended; its data is kept");
            default:
                break;
        }
        noteUse(key, now);
        return new Authentication.Accepted(new ScimCaller(key.tenantId(), key.id(), found.get().settings()));
    }

    private void noteUse(Token token, Instant now) {
        Instant written = lastUsedWritten.get(token.id());
        if (written != null && written.plus(LAST_USED_PRECISION).isAfter(now)) {
            return;
        }
        lastUsedWritten.put(token.id(), now);
        jdbc.update("UPDATE scim_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                Timestamp.from(now), token.id(), Timestamp.from(now.minus(LAST_USED_PRECISION)));
    }

    private TenantSettings settings(String text) {
        try {
            return json.readValue(text, TenantSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant settings in the registry are not readable", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
