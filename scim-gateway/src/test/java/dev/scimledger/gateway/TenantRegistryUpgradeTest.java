package dev.scimledger.gateway;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade of a database made before tenants were event-sourced (V205): tenants whose names differed only in
 * case (V200 compared names exactly) stay apart, the oldest keeping its name; settings move into one document;
 * tokens get a name and a one-year expiry. Runs the migrations in a schema of its own, as the database owner.
 */
class TenantRegistryUpgradeTest extends RunningService {

    @Autowired
    DataSource dataSource;

    @Test
    void tenantsWhoseNamesDifferOnlyInCaseSurviveTheUpgrade() throws SQLException {
        String url;
        try (Connection app = dataSource.getConnection()) {
            url = app.getMetaData().getURL();
        }
        String schema = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String[] locations = {"classpath:db/migration/command", "classpath:db/migration/projection",
                "classpath:db/migration/gateway"};
        Flyway.configure().dataSource(url, "postgres", superuserPassword()).schemas(schema).locations(locations).outOfOrder(true)
                .placeholders(Map.of("app-role", "")).target("204").load().migrate();
        try (Connection db = DriverManager.getConnection(url, "postgres", superuserPassword()); Statement sql = db.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            sql.execute("""
                    INSERT INTO tenant (id, name, created, group_policy, rate_limit_per_second, work_email_immutable)
                    VALUES ('t-old', 'Acme', now() - interval '2 days', 'existing', 7, false),
                           ('t-new', 'ACME', now() - interval '1 day', 'lifecycle', NULL, true)""");
            sql.execute("INSERT INTO scim_token (id, tenant_id, digest) VALUES ('k-1', 't-old', repeat('a', 64))");
        }

        Flyway.configure().dataSource(url, "postgres", superuserPassword()).schemas(schema).locations(locations).outOfOrder(true)
                .placeholders(Map.of("app-role", "")).load().migrate();

        try (Connection db = DriverManager.getConnection(url, "postgres", superuserPassword()); Statement sql = db.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            List<String> tenants = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT id, name, status, settings::text, recorded FROM tenant ORDER BY id")) {
                while (rows.next()) {
                    tenants.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3) + "|"
                            + rows.getString(4) + "|" + rows.getBoolean(5));
                }
            }
            assertThat(tenants).hasSize(2);
            assertThat(tenants.get(0)).startsWith("t-new|ACME (t-new)|active|")
                    .contains("\"groupPolicy\": \"lifecycle\"").endsWith("|false");
            assertThat(tenants.get(1)).startsWith("t-old|Acme|active|")
                    .contains("\"groupPolicy\": \"existing\"").contains("\"rateLimitPerSecond\": 7")
                    .contains("\"workEmailImmutable\": false");
            try (ResultSet token = sql.executeQuery(
                    "SELECT name, expires_at - created = interval '365 days' FROM scim_token WHERE id = 'k-1'")) {
                assertThat(token.next()).isTrue();
                assertThat(token.getString(1)).isEqualTo("SCIM token");
                assertThat(token.getBoolean(2)).isTrue();
            }
            sql.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
