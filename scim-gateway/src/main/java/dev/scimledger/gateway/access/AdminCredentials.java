package dev.scimledger.gateway.access;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.TokenDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The admin API's credential: {@code SCIM_ADMIN_TOKEN} when set; otherwise a token generated on first start,
 * printed once, of which only the digest is kept (in {@code admin_credential}).
 */
@Component
class AdminCredentials {

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);
    private final String digest;

    AdminCredentials(GatewayProperties properties, JdbcTemplate jdbc) {
        if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
            digest = TokenDigest.digest(properties.adminToken());
            return;
        }
        List<String> stored = jdbc.queryForList("SELECT digest FROM admin_credential WHERE id = 1", String.class);
        if (!stored.isEmpty()) {
            digest = stored.get(0);
            log.info("Admin API: using the admin token generated on first start (set SCIM_ADMIN_TOKEN to replace it)");
            return;
        }
        String token = TokenDigest.newToken("scimla_");
        String generated = TokenDigest.digest(token);
        int inserted = jdbc.update("INSERT INTO admin_credential (id, digest) VALUES (1, ?) ON CONFLICT DO NOTHING", generated);
        if (inserted == 0) {
            // another instance generated one at the same moment: that one is the credential
            digest = jdbc.queryForObject("SELECT digest FROM admin_credential WHERE id = 1", String.class);
            return;
        }
        digest = generated;
        // printed once, on purpose: it is not stored anywhere and cannot be shown again. On standard error, so that the
        // command line's answer on standard output stays plain JSON when it is the first to start.
        System.err.println("""

                ==================================================================
                 Generated admin token (shown once; only its digest is stored):
                 %s
                 Set SCIM_ADMIN_TOKEN to use your own instead.
                ==================================================================
                """.formatted(token));
    }

    boolean accepts(String token) {
        return token != null && TokenDigest.sameDigest(digest, TokenDigest.digest(token));
    }
}
