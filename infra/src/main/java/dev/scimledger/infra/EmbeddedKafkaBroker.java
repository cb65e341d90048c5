package dev.scimledger.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker running inside this JVM in KRaft mode (combined broker + controller, node id 1),
 * built from the server classes of {@code kafka_2.13}.
 *
 * <ul>
 *   <li>Log directory (also the KRaft metadata log) is {@code logDirectory}. It is formatted (random cluster id,
 *       persisted in {@code meta.properties} as Kafka does) only when it has no {@code meta.properties} yet, so topics,
 *       records, committed offsets and the cluster id survive restarts.</li>
 *   <li>Client listener {@code PLAINTEXT://127.0.0.1:<port>} (default {@value #DEFAULT_PORT}; 0 picks a free port);
 *       controller listener on another free loopback port chosen at each start. The quorum is a static voter set
 *       ({@code controller.quorum.voters}, kraft.version 0), which is read from configuration and not from the
 *       metadata log, so the controller port may change between restarts.</li>
 *   <li>Single-node settings: replication factors and min ISR 1; {@code __consumer_offsets} and the transaction log
 *       with one partition; no initial rebalance delay; a 16 MiB log-cleaner dedupe buffer instead of 128 MiB of
 *       heap; startup fails after 3 minutes instead of waiting forever. Everything else is Kafka's default (e.g.
 *       {@code auto.create.topics.enable=true}, 7-day retention unless a topic sets {@code retention.ms}, flushing
 *       left to the OS). Override with {@link #brokerProperty}.</li>
 *   <li>The directory is locked ({@code <logDirectory>.lock} beside it) for the broker's lifetime; a second instance
 *       on the same directory fails fast with a clear message.</li>
 *   <li>No JVM shutdown hook: whoever starts the broker must {@link #close()} it. Note that Kafka halts the JVM on
 *       fatal storage faults, as a stand-alone broker would.</li>
 * </ul>
 *
 * <p>Life cycle: {@code start()}, then any number of {@link #stop()} / {@code start()} pairs, then {@code close()}
 * (idempotent, final). A stopped broker is a broker that is down: clients get connection refused, while the instance
 * keeps its directory lock, its data and its client port, and a later {@code start()} brings back the same cluster on
 * the same port. Thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final int DEFAULT_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String WHAT = "Embedded Kafka broker";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private enum State { NEW, STARTED, STOPPED, CLOSED }

    private final Path logDirectory;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private int requestedPort = DEFAULT_PORT;

    private State state = State.NEW;
    private DirectoryLock lock;
    private KafkaRaftServer server;
    private int port;
    private int controllerPort;
    private String clusterId;

    /** @param logDirectory the broker's log directory (created and formatted if needed) */
    public EmbeddedKafkaBroker(Path logDirectory) {
        this.logDirectory = logDirectory.toAbsolutePath().normalize();
    }

    /** Client (PLAINTEXT) port on 127.0.0.1; default {@value #DEFAULT_PORT}; 0 picks a free one at start. */
    public synchronized EmbeddedKafkaBroker port(int port) {
        requireNew();
        this.requestedPort = port;
        return this;
    }

    /** Sets or overrides a broker configuration property (listeners, roles and log dirs are managed here). */
    public synchronized EmbeddedKafkaBroker brokerProperty(String key, String value) {
        requireNew();
        overrides.put(key, value);
        return this;
    }

    /**
     * Formats the log directory if new, starts the broker and waits until it is unfenced and serving clients. After
     * {@link #stop()}, starts it again on the port it had and the data it left.
     *
     * @throws IllegalStateException if the directory is in use by another running instance, or the port is taken
     *                               (after a stop: the broker stays stopped and {@code start()} may be tried again)
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state == State.STOPPED) {
            return restart();
        }
        requireNew();
        lock = DirectoryLock.acquire(logDirectory, WHAT);
        try {
            Files.createDirectories(logDirectory);
            port = LoopbackPorts.resolve(requestedPort, WHAT, "scim.embedded.kafka.port (SCIM_KAFKA_PORT)");
            boolean reused = launch();
            LOG.info("{} (KRaft, cluster id {}) listening on {}, data in {} ({})", WHAT, clusterId,
                    bootstrapServers(), logDirectory, reused ? "existing log directory reused" : "newly formatted");
            return this;
        } catch (IOException | RuntimeException e) {
            shutdownServer();
            lock.close();
            state = State.CLOSED;
            throw startFailure(e);
        }
    }

    private EmbeddedKafkaBroker restart() {
        try {
            // the port number is kept, not the socket: a broker that is down refuses connections
            LoopbackPorts.resolve(port, WHAT, "scim.embedded.kafka.port (SCIM_KAFKA_PORT)");
            launch();
            LOG.info("{} (KRaft, cluster id {}) started again on {}, data in {}", WHAT, clusterId, bootstrapServers(),
                    logDirectory);
            return this;
        } catch (IOException | RuntimeException e) {
            shutdownServer();
            throw startFailure(e);
        }
    }

    /**
     * Starts the server on {@link #port}, formatting the directory first if it is new.
     *
     * @return whether the directory was already formatted
     */
    private boolean launch() throws IOException {
        do {
            controllerPort = LoopbackPorts.resolve(0, WHAT + " controller", "-");
        } while (controllerPort == port);

        KafkaConfig config = new KafkaConfig(brokerConfig(), false);
        boolean reused = Files.isRegularFile(logDirectory.resolve("meta.properties"));
        if (!reused) {
            format();
        }
        clusterId = readClusterId();

        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup(); // returns once the broker is unfenced
        state = State.STARTED;
        return reused;
    }

    private RuntimeException startFailure(Exception e) {
        if (e instanceof IOException io) {
            return new UncheckedIOException(WHAT + " failed to start on " + logDirectory + ": " + e.getMessage(), io);
        }
        return (RuntimeException) e;
    }

    private Map<String, Object> brokerConfig() {
        Map<String, Object> props = new LinkedHashMap<>();
        // single-node defaults, overridable
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("num.partitions", "1");
        props.put("server.max.startup.time.ms", "180000"); // fail instead of waiting forever (default: no limit)
        props.putAll(overrides);
        // identity, listeners and storage: not overridable
        String host = LoopbackPorts.HOST;
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDirectory.toString());
        props.remove("log.dir");
        props.remove("metadata.log.dir");
        return props;
    }

    /** What {@code kafka-storage.sh format -t <random> -c <config>} does for this node. */
    private void format() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDirectory.toString())
                    .setDirectories(List.of(logDirectory.toString()))
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(WHAT + ": formatting " + logDirectory + " failed: " + e.getMessage(), e);
        }
        LOG.debug("{}: {}", WHAT, out.toString(StandardCharsets.UTF_8).trim());
    }

    private String readClusterId() throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(logDirectory.resolve("meta.properties"), StandardCharsets.UTF_8)) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id", "?");
    }

    /** {@code 127.0.0.1:<port>}; also while stopped, since a restart keeps the port. */
    public synchronized String bootstrapServers() {
        requireStartedOnce();
        return LoopbackPorts.HOST + ":" + port;
    }

    public synchronized int port() {
        requireStartedOnce();
        return port;
    }

    /** The cluster id from {@code meta.properties}; stable across restarts on the same directory. */
    public synchronized String clusterId() {
        requireStartedOnce();
        return clusterId;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    public synchronized boolean isRunning() {
        return state == State.STARTED;
    }

    /**
     * Takes the broker down as a controlled shutdown would (logs flushed, clean-shutdown marker written) but keeps the
     * directory locked and remembers the port for {@link #start()}. Idempotent while stopped.
     */
    public synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        requireStarted();
        state = State.STOPPED;
        shutdownServer();
        LOG.info("{} on {}:{} stopped until started again (data in {})", WHAT, LoopbackPorts.HOST, port, logDirectory);
    }

    /** Controlled shutdown of broker then controller (logs flushed, clean-shutdown marker written); releases the lock. */
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
            shutdownServer();
        } finally {
            lock.close();
        }
        LOG.info("{} on {}:{} stopped (data in {})", WHAT, LoopbackPorts.HOST, port, logDirectory);
    }

    private void shutdownServer() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("{}: error during shutdown", WHAT, e);
        } finally {
            server = null;
        }
    }

    private void requireNew() {
        if (state != State.NEW) {
            throw new IllegalStateException(WHAT + " was already started (configure it before the first start; "
                    + "a closed instance cannot be started again)");
        }
    }

    private void requireStartedOnce() {
        if (state != State.STARTED && state != State.STOPPED) {
            throw new IllegalStateException(WHAT + " has not been started, or was closed");
        }
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException(WHAT + " is not running");
        }
    }
}
