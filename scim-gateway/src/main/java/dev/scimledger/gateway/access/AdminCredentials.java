package dev.scimledger.gateway.access;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.gateway.tenant.TokenDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dev.scimledger.gateway.OneTimeSecrets;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The admin API's credentials: the admin token ({@code SCIM_ADMIN_TOKEN} when set; otherwise one generated on first
 * start, printed once, of which only the digest is kept in {@code admin_credential}), the named API keys
 * ({@link AdminApiKeys}), and the metrics credential ({@code SCIM_METRICS_TOKEN}).
 */
@Component
@EnableConfigurationProperties(MetricsProperties.class)
public class AdminCredentials {

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);
    private static final AdminCaller ADMIN_TOKEN = new AdminCaller("admin-api", AdminCaller.Role.ADMIN);
    private static final AdminCaller METRICS = new AdminCaller("metrics", AdminCaller.Role.METRICS);
    private final String digest;
    private final String metricsDigest;
    private final AdminApiKeys keys;

    AdminCredentials(GatewayProperties properties, MetricsProperties metrics, AdminApiKeys keys, JdbcTemplate jdbc,
                     Environment environment) {
        this.keys = keys;
        this.metricsDigest = metrics.token().isBlank() ? null : TokenDigest.digest(metrics.token());
        this.digest = adminDigest(properties, jdbc, environment);
    }

    private static String adminDigest(GatewayProperties properties, JdbcTemplate jdbc, Environment environment) {
        if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
            return TokenDigest.digest(properties.adminToken());
        }
        List<String> stored = jdbc.queryForList("SELECT digest FROM admin_credential WHERE id = 1", String.class);
        if (!stored.isEmpty()) {
            log.info("Admin API: using the admin token generated on first start (set SCIM_ADMIN_TOKEN to replace it)");
            return stored.get(0);
        }
        String token = TokenDigest.newToken("scimla_");
        String generated = TokenDigest.digest(token);
        int inserted = jdbc.update("INSERT INTO admin_credential (id, digest) VALUES (1, ?) ON CONFLICT DO NOTHING", generated);
        if (inserted == 0) {
            // another instance generated one at the same moment: that one is the credential
            return jdbc.queryForObject("SELECT digest FROM admin_credential WHERE id = 1", String.class);
        }
        // printed once, on purpose: it is not stored anywhere and cannot be shown again. On standard error (or as a log
        // line), so that the command line's answer on standard output stays plain JSON when it is the first to start.
        OneTimeSecrets.show(environment, "Generated admin token (shown once; only its digest is stored)", token,
                "Set SCIM_ADMIN_TOKEN to use your own instead.");
        return generated;
    }

    /** Who the bearer token is, if it is an admin credential at all. */
    public Optional<AdminCaller> caller(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String given = TokenDigest.digest(token);
        if (TokenDigest.sameDigest(digest, given)) {
            return Optional.of(ADMIN_TOKEN);
        }
        if (metricsDigest != null && TokenDigest.sameDigest(metricsDigest, given)) {
            return Optional.of(METRICS);
        }
        return keys.caller(token);
    }
}
