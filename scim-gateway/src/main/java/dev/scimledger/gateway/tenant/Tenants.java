package dev.scimledger.gateway.tenant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** Tenants and the digests of their SCIM tokens. */
@Component
public class Tenants {

    static final String SCIM_TOKEN_PREFIX = "scimlt_";

    private final JdbcTemplate jdbc;

    Tenants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code rateLimitPerSecond} is null when the tenant uses the default. */
    public record Tenant(String id, String name, GroupPolicy groupPolicy, Integer rateLimitPerSecond,
                         boolean workEmailImmutable) {
    }

    /** How a tenant's groups come to exist. */
    public enum GroupPolicy {
        /** SCIM clients create, rename and delete groups (the default). */
        LIFECYCLE,
        /** Groups are created by an admin; SCIM clients find them and change their members only. */
        EXISTING;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<GroupPolicy> fromWireName(String name) {
            for (GroupPolicy policy : values()) {
                if (policy.wireName().equals(name)) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }
    }

    public record IssuedToken(String id, String tenantId, String token) {
    }

    /** Empty when the name is taken. */
    public Optional<Tenant> create(String name) {
        String id = UUID.randomUUID().toString();
        try {
            jdbc.update("INSERT INTO tenant (id, name) VALUES (?, ?)", id, name);
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
        return Optional.of(new Tenant(id, name, GroupPolicy.LIFECYCLE, null, true));
    }

    public Optional<Tenant> find(String id) {
        return jdbc.query("SELECT id, name, group_policy, rate_limit_per_second, work_email_immutable FROM tenant WHERE id = ?",
                (rs, n) -> new Tenant(rs.getString("id"), rs.getString("name"),
                        GroupPolicy.fromWireName(rs.getString("group_policy")).orElseThrow(),
                        (Integer) rs.getObject("rate_limit_per_second"), rs.getBoolean("work_email_immutable")), id)
                .stream().findFirst();
    }

    public void setWorkEmailImmutable(String tenantId, boolean immutable) {
        jdbc.update("UPDATE tenant SET work_email_immutable = ? WHERE id = ?", immutable, tenantId);
    }

    /** The tenant's rule for work emails; true (the product's promise) when the tenant is unknown. */
    public boolean workEmailImmutable(String tenantId) {
        return find(tenantId).map(Tenant::workEmailImmutable).orElse(true);
    }

    /** Sets the tenant's request rate per SCIM token; null returns it to the default. */
    public void setRateLimit(String tenantId, Integer perSecond) {
        jdbc.update("UPDATE tenant SET rate_limit_per_second = ? WHERE id = ?", perSecond, tenantId);
    }

    public void setGroupPolicy(String tenantId, GroupPolicy policy) {
        jdbc.update("UPDATE tenant SET group_policy = ? WHERE id = ?", policy.wireName(), tenantId);
    }

    public IssuedToken issueToken(String tenantId) {
        String id = UUID.randomUUID().toString();
        String token = TokenDigest.newToken(SCIM_TOKEN_PREFIX);
        jdbc.update("INSERT INTO scim_token (id, tenant_id, digest) VALUES (?, ?, ?)", id, tenantId,
                TokenDigest.digest(token));
        return new IssuedToken(id, tenantId, token);
    }

    /** The caller a SCIM token stands for, if it is one we issued. */
    public Optional<ScimCaller> authenticate(String token) {
        if (!TokenDigest.wellFormed(token, SCIM_TOKEN_PREFIX)) {
            return Optional.empty(); // not one of ours, or mistyped: no need to ask the database
        }
        return jdbc.query("SELECT id, tenant_id FROM scim_token WHERE digest = ?",
                (rs, n) -> new ScimCaller(rs.getString("tenant_id"), rs.getString("id")),
                TokenDigest.digest(token)).stream().findFirst();
    }
}
