package dev.scimledger.gateway.tenant;

import dev.scimledger.gateway.GatewayProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.scimledger.messages.tenant.SchemaExtension;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.scim.schema.DeclaredSchemas;
import dev.scimledger.scim.schema.ResourceTypes;
import dev.scimledger.scim.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the tenant registry (the {@code tenant} and {@code scim_token} tables, which only the tenant commands
 * write): which tenant a token opens, and what the admin API lists.
 */
@Component
public class Tenants {

    public static final String SCIM_TOKEN_PREFIX = "scimlt_";
    /** last_used_at is a hint for the admin: written at most this often per token and instance. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** Beyond this many distinct digests seen within one cache period, the cache starts over (random-token floods). */
    private static final int MAX_CACHED = 10_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();
    /**
     * What the registry said of a token digest, and when it was read (System.nanoTime): used for at most
     * {@link #cacheFor}, so a revocation, expiry or suspension committed by another node applies there within that
     * time, and this node forgets everything at once when it changes the registry itself ({@link #forgetCached}).
     */
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Moves on every {@link #forgetCached}: a read that began before a change is not kept after it. */
    private final AtomicLong generation = new AtomicLong();
    private final long cacheForNanos;
    private final UnknownTokenProbes probes;
    /** Digests this node accepted (bounded): their owners are looked up even from an address that probes. */
    private final ConcurrentHashMap<String, Boolean> recentlyAccepted = new ConcurrentHashMap<>();

    private record Found(Token token, String status, TenantSettings settings, ResourceTypes types) {
    }

    private static final Logger log = LoggerFactory.getLogger(Tenants.class);
    private static final TypeReference<List<SchemaExtension>> EXTENSIONS = new TypeReference<>() {
    };
    /** Resource types by the registry's text of the declarations: parsed once per distinct declaration set. */
    private final ConcurrentHashMap<String, ResourceTypes> typesByDeclarations = new ConcurrentHashMap<>();

    /** {@code found} is null for a digest the registry does not know. */
    private record Cached(Found found, long readAt) {
    }

    Tenants(JdbcTemplate jdbc, ObjectMapper json, GatewayProperties properties) {
        Duration cacheFor = properties.tokenCacheTime();
        this.jdbc = jdbc;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.cacheForNanos = cacheFor.toNanos();
        this.probes = new UnknownTokenProbes(properties.rateLimit().unknownTokensPerMinute());
    }

    /**
     * Forgets every cached token: called by whatever changes the registry on this node (a token revoked, rotated or
     * issued, a tenant suspended, deleted or its settings changed), so that the change holds here from the next
     * request.
     */
    public void forgetCached() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** {@code status} is active, suspended or deleted. */
    public record Tenant(String id, String name, String status, TenantSettings settings, Instant created,
                         boolean recorded, List<SchemaExtension> extensions, ResourceTypes types) {
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

        /**
         * 401 for a token that does not work, 403 for a working token of a suspended tenant, 429 (after
         * {@code retryAfterSeconds}) for an address that sent too many unknown tokens.
         */
        record Refused(int status, String detail, long retryAfterSeconds) implements Authentication {
            public Refused(int status, String detail) {
                this(status, detail, 0);
            }
        }
    }

    private final RowMapper<Tenant> tenantRow = (rs, n) -> new Tenant(rs.getString("id"), rs.getString("name"),
            rs.getString("status"), settings(rs.getString("settings")), instant(rs, "created"), rs.getBoolean("recorded"),
            extensions(rs.getString("schema_extensions")), types(rs.getString("schema_extensions")));

    private final RowMapper<Token> tokenRow = (rs, n) -> new Token(rs.getString("id"), rs.getString("tenant_id"),
            rs.getString("name"), instant(rs, "created"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
            rs.getString("replaced_by"), instant(rs, "last_used_at"));

    /** A live (active or suspended) tenant. */
    public Optional<Tenant> find(String id) {
        return jdbc.query("SELECT * FROM tenant WHERE id = ? AND status <> 'deleted'", tenantRow, id).stream().findFirst();
    }

    /** Whether the tenant exists or existed (a deleted tenant's row stays). */
    public boolean existed(String id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenant WHERE id = ?)",
                Boolean.class, id));
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
     * Which tenant a SCIM token opens, by the registry as read at most {@code scim.token-cache-time} (0.5 s) ago: a
     * revocation or suspension committed by this node applies to its next request, one committed by another node
     * within that time. Expiry is checked against the clock on every request. An address that sent
     * {@code scim.rate-limit.unknown-tokens-per-minute} unknown tokens within a minute, or a token prefix seen that
     * often ({@link UnknownTokenProbes}), gets 429 for further tokens this node has not accepted before, without a
     * database query, until that time is over.
     */
    public Authentication authenticate(String token, String clientAddress) {
        if (!TokenDigest.wellFormed(token, SCIM_TOKEN_PREFIX)) {
            // not one of ours, or mistyped: no need to ask the database
            return new Authentication.Refused(401, "The bearer token is not valid");
        }
        String digest = TokenDigest.digest(token);
        boolean asksDatabase = !cachedFresh(digest);
        if (asksDatabase && !recentlyAccepted.containsKey(digest)) {
            UnknownTokenProbes.Throttle throttle = probes.throttled(clientAddress, token);
            if (throttle != null) {
                return new Authentication.Refused(429, "too many unknown tokens from this " + throttle.by()
                        + "; retry after " + throttle.waitSeconds() + " s", throttle.waitSeconds());
            }
        }
        Optional<Found> found = Optional.ofNullable(registered(digest));
        if (found.isEmpty()) {
            if (asksDatabase) {
                probes.unknown(clientAddress, token);
            }
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
        if (!recentlyAccepted.containsKey(digest)) { // a read on every request, a write once per token
            if (recentlyAccepted.size() >= MAX_CACHED) {
                recentlyAccepted.clear();
            }
            recentlyAccepted.put(digest, Boolean.TRUE);
        }
        return new Authentication.Accepted(new ScimCaller(key.tenantId(), key.id(), found.get().settings(),
                found.get().types()));
    }

    /** Whether what the registry said of the digest is cached and fresh (no database query needed). */
    private boolean cachedFresh(String digest) {
        Cached cached = cache.get(digest);
        return cached != null && System.nanoTime() - cached.readAt() < cacheForNanos;
    }

    /** Forgets the unknown-token counts of every address (an operator unblocking an address; tests). */
    public void forgetProbes() {
        probes.clear();
    }

    private Found registered(String digest) {
        long now = System.nanoTime();
        Cached cached = cache.get(digest);
        if (cached != null && now - cached.readAt() < cacheForNanos) {
            return cached.found();
        }
        long readIn = generation.get();
        Found found = jdbc.query("""
                        SELECT k.*, t.status AS tenant_status, t.settings, t.schema_extensions
                        FROM scim_token k JOIN tenant t ON t.id = k.tenant_id
                        WHERE k.digest = ?""",
                (rs, n) -> new Found(tokenRow.mapRow(rs, n), rs.getString("tenant_status"), settings(rs.getString("settings")),
                        types(rs.getString("schema_extensions"))),
                digest).stream().findFirst().orElse(null);
        if (cacheForNanos > 0) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            Cached read = new Cached(found, now);
            cache.put(digest, read);
            if (generation.get() != readIn) {
                // this node changed the registry while the row was being read: what was read may predate it
                cache.remove(digest, read);
            }
        }
        return found;
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

    private List<SchemaExtension> extensions(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, EXTENSIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant schema extensions in the registry are not readable", e);
        }
    }

    /**
     * The resource types the declarations make. A declaration this version cannot read (a rule made stricter since
     * it was declared) is left out, with a warning, rather than failing every request of the tenant.
     */
    private ResourceTypes types(String text) {
        if (text == null || text.equals("[]")) {
            return ResourceTypes.STANDARD;
        }
        ResourceTypes known = typesByDeclarations.get(text);
        if (known != null) {
            return known;
        }
        List<Schema> user = new ArrayList<>();
        List<Schema> group = new ArrayList<>();
        for (SchemaExtension extension : extensions(text)) {
            try {
                Schema schema = DeclaredSchemas.parse(extension.schema());
                (SchemaExtension.GROUP.equals(extension.resourceType()) ? group : user).add(schema);
            } catch (RuntimeException unreadable) {
                log.warn("The schema extension {} is left out: it no longer reads ({})", extension.urn(),
                        unreadable.getMessage());
            }
        }
        ResourceTypes types = ResourceTypes.declared(user, group);
        if (typesByDeclarations.size() >= 1_000) {
            typesByDeclarations.clear();
        }
        typesByDeclarations.put(text, types);
        return types;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
