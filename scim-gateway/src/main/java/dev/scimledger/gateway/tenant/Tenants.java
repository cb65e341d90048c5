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

    public record Tenant(String id, String name) {
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
        return Optional.of(new Tenant(id, name));
    }

    public Optional<Tenant> find(String id) {
        return jdbc.query("SELECT id, name FROM tenant WHERE id = ?",
                (rs, n) -> new Tenant(rs.getString("id"), rs.getString("name")), id).stream().findFirst();
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
        return jdbc.query("SELECT id, tenant_id FROM scim_token WHERE digest = ?",
                (rs, n) -> new ScimCaller(rs.getString("tenant_id"), rs.getString("id")),
                TokenDigest.digest(token)).stream().findFirst();
    }
}
