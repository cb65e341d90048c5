package dev.scimledger.projection;

import dev.scimledger.infra.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL (embedded, started once per test JVM) holding this module's tables, migrated by this module's
 * own migrations, for slice tests: an event into a handler, a row out.
 */
public final class ProjectionDatabase {

    private static JdbcTemplate jdbc;

    private ProjectionDatabase() {
    }

    public static synchronized JdbcTemplate jdbc() {
        if (jdbc == null) {
            try {
                Path data = Files.createTempDirectory("projection-slice-pg");
                EmbeddedPostgresServer server = new EmbeddedPostgresServer(data.resolve("pg")).start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                DriverManagerDataSource dataSource = new DriverManagerDataSource(server.jdbcUrl(), server.username(), server.superuserPassword());
                Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/projection").load().migrate();
                jdbc = new JdbcTemplate(dataSource);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jdbc;
    }
}
