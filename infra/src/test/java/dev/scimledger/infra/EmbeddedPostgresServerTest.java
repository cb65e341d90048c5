package dev.scimledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path tmp;

    @Test
    void runsDurablyOnLoopbackAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = tmp.resolve("postgres");

        try (EmbeddedPostgresServer server = newServer(dataDir).start()) {
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
            assertThat(show(server, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(show(server, "unix_socket_directories")).isEmpty();
            execute(server, "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('first run')");
        }
        assertThat(dataDir.resolve("PG_VERSION")).exists();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();

        // a pid file naming a live process that is not PostgreSQL (pid reuse after a crash): removed, not obeyed
        writePidFile(dataDir, ProcessHandle.current().pid());
        try (EmbeddedPostgresServer server = newServer(dataDir).start()) {
            assertThat(query(server, "SELECT v FROM kept")).containsExactly("first run");
            execute(server, "INSERT INTO kept VALUES ('second run')");
        }

        // a stale pid file whose process is gone: PostgreSQL recovers by itself
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        writePidFile(dataDir, gone.pid());
        try (EmbeddedPostgresServer server = newServer(dataDir).port(0).start()) {
            assertThat(query(server, "SELECT v FROM kept ORDER BY v")).containsExactly("first run", "second run");
        }
    }

    @Test
    void secondInstanceOnTheSameDirectoryFailsFast() {
        Path dataDir = tmp.resolve("postgres");
        try (EmbeddedPostgresServer first = newServer(dataDir).start()) {
            assertThatThrownBy(() -> newServer(dataDir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another instance in this JVM")
                    .hasMessageContaining(dataDir.toString());
            assertThat(first.isRunning()).isTrue();
        }
        // the lock is released on close
        newServer(dataDir).start().close();
    }

    @Test
    void takesOverFromAnInstanceKilledWithSigkill() throws Exception {
        Path dataDir = tmp.resolve("postgres");
        File childOut = tmp.resolve("child.out").toFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresChildProcess.class.getName(), dataDir.toString(), TestPaths.PG_BINARIES.toString())
                .redirectErrorStream(true).redirectOutput(childOut).start();
        long orphanPid;
        try {
            awaitReady(child, childOut.toPath());
            orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());

            // while the other process is alive its data directory is off limits
            assertThatThrownBy(() -> newServer(dataDir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another running process (pid " + child.pid() + ")");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, PostgreSQL is left running
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgresServer server = newServer(dataDir).start()) {
            assertThat(query(server, "SELECT v FROM survivor")).containsExactly("committed before kill -9");
            assertThat(EmbeddedPostgresServer.isRunning(orphanPid)).as("orphan stopped").isFalse();
        }
    }

    static EmbeddedPostgresServer newServer(Path dataDir) {
        return new EmbeddedPostgresServer(dataDir).binariesDirectory(TestPaths.PG_BINARIES);
    }

    private static void awaitReady(Process child, Path output) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains("READY ")) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child exited early:\n" + Files.readString(output));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child not ready in time:\n" + Files.readString(output));
    }

    private static void writePidFile(Path dataDir, long pid) throws Exception {
        // the format PostgreSQL writes: pid, data directory, start time, port, socket dir, listen address, shmem key, status
        Files.writeString(dataDir.resolve("postmaster.pid"),
                pid + "\n" + dataDir + "\n1700000000\n5432\n\n127.0.0.1\n  5432001         0\nready   \n");
    }

    static String show(EmbeddedPostgresServer server, String setting) throws SQLException {
        return query(server, "SHOW " + setting).get(0);
    }

    static List<String> query(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.superuserPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    static void execute(EmbeddedPostgresServer server, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.superuserPassword());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
