package dev.scimledger.gateway.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.messages.tenant.TenantRegistry;
import dev.scimledger.messages.tenant.TenantView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * {@link TenantRegistry} as the {@code tenant} and {@code scim_token} tables, which the gateway owns: their migrations
 * are the gateway's ({@code V200…}), it reads them on every request ({@link Tenants}), and the tenant commands write
 * them through this port, in the transaction of their events.
 */
@Component
class JdbcTenantRegistry implements TenantRegistry {

    /** The advisory lock key of tenant name changes (any fixed number, unique among this schema's advisory locks). */
    private static final long NAME_LOCK = 0x7E4A47L;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    JdbcTenantRegistry(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void lockNames() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", NAME_LOCK);
    }

    @Override
    public boolean nameTaken(String name, String exceptTenantId) {
        Integer count = jdbc.queryForObject("""
                SELECT count(*) FROM tenant WHERE lower(name) = lower(?) AND status <> 'deleted' AND id <> ?""",
                Integer.class, name, exceptTenantId == null ? "" : exceptTenantId);
        return count != null && count > 0;
    }

    @Override
    public void insertTenant(String tenantId, String name, TenantSettings settings, Instant createdAt) {
        jdbc.update("""
                INSERT INTO tenant (id, name, settings, status, created, recorded) VALUES (?, ?, ?::jsonb, 'active', ?, TRUE)""",
                tenantId, name, text(settings), Timestamp.from(createdAt));
    }

    @Override
    public void update(TenantView tenant) {
        jdbc.update("UPDATE tenant SET name = ?, status = ?, settings = ?::jsonb, schema_extensions = ?::jsonb WHERE id = ?",
                tenant.name(), tenant.status(), text(tenant.settings()), text(tenant.extensions()), tenant.tenantId());
    }

    @Override
    public void delete(String tenantId, Instant at) {
        jdbc.update("UPDATE tenant SET status = 'deleted' WHERE id = ?", tenantId);
        jdbc.update("UPDATE scim_token SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL",
                Timestamp.from(at), tenantId);
    }

    @Override
    public void insertToken(String tenantId, String tokenId, String digest, String name, Instant createdAt,
                            Instant expiresAt) {
        jdbc.update("""
                INSERT INTO scim_token (id, tenant_id, digest, name, created, expires_at) VALUES (?, ?, ?, ?, ?, ?)""",
                tokenId, tenantId, digest, name, Timestamp.from(createdAt), Timestamp.from(expiresAt));
    }

    @Override
    public void revokeToken(String tenantId, String tokenId, Instant at) {
        jdbc.update("UPDATE scim_token SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
                Timestamp.from(at), tokenId, tenantId);
    }

    @Override
    public void replaceToken(String tenantId, String tokenId, String newTokenId, Instant validUntil) {
        jdbc.update("UPDATE scim_token SET expires_at = ?, replaced_by = ? WHERE id = ? AND tenant_id = ?",
                Timestamp.from(validUntil), newTokenId, tokenId, tenantId);
    }

    @Override
    public void markRecorded(String tenantId) {
        jdbc.update("UPDATE tenant SET recorded = TRUE WHERE id = ?", tenantId);
    }

    private String text(Object settingsOrExtensions) {
        try {
            return json.writeValueAsString(settingsOrExtensions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings are a plain record", e);
        }
    }
}
