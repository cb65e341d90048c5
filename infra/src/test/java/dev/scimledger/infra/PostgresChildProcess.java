package dev.scimledger.infra;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a separate JVM by {@link EmbeddedPostgresServerTest}: starts a server on {@code args[0]}, commits a row,
 * prints {@code READY} and waits to be killed (with -9, so it never closes the server).
 */
public final class PostgresChildProcess {

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(Path.of(args[0]))
                .binariesDirectory(Path.of(args[1]))
                .start();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.superuserPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (v text)");
            s.execute("INSERT INTO survivor VALUES ('committed before kill -9')");
        }
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
