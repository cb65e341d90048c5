package dev.scimledger.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The service's "embedded default": when no external database / broker is configured, starts a durable embedded
 * PostgreSQL ({@link EmbeddedPostgresServer}) and an in-process KRaft Kafka broker ({@link EmbeddedKafkaBroker}) with
 * their data under {@code ${SCIM_DATA_DIR:./data}}, and points the application at them. Registered in
 * {@code META-INF/spring.factories}, so any Spring Boot application with this module on its classpath gets it.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>{@code scim.embedded.enabled=false} (env {@code SCIM_EMBEDDED_ENABLED}) disables both;
 *       {@code scim.embedded.postgres.enabled} / {@code scim.embedded.kafka.enabled} disable one.</li>
 *   <li>PostgreSQL is embedded unless {@code spring.datasource.url} (env {@code SPRING_DATASOURCE_URL}) is set. Then a
 *       highest-precedence property source sets {@code spring.datasource.url=jdbc:postgresql://127.0.0.1:PORT/postgres},
 *       {@code spring.datasource.username=postgres} and its password (kept in {@code ${SCIM_DATA_DIR}/postgres.passwords}).
 *       Data: {@code ${SCIM_DATA_DIR}/postgres};
 *       port {@code scim.embedded.postgres.port} (env {@code SCIM_POSTGRES_PORT}), default 0 = a free port.</li>
 *   <li>{@code scim.embedded.postgres.application-user} (unset by default) names a login role for the application:
 *       it is created on start if missing (no superuser, its own password: every role authenticates with SCRAM, see
 *       {@link EmbeddedPostgresServer#ensureLoginRole}), {@code spring.datasource.username} becomes that role, and
 *       {@code spring.flyway.user} / {@code spring.flyway.password} the superuser {@code postgres} with its
 *       password, so the schema is migrated (and owned) by {@code postgres} while the application runs with only
 *       the privileges the migrations grant that role.</li>
 *   <li>Kafka is embedded unless {@code spring.kafka.bootstrap-servers}, {@code scim.kafka.bootstrap-servers} or env
 *       {@code KAFKA_BOOTSTRAP_SERVERS} is set. Then {@code scim.kafka.bootstrap-servers} and
 *       {@code spring.kafka.bootstrap-servers} are set to {@code 127.0.0.1:PORT}. Data: {@code ${SCIM_DATA_DIR}/kafka};
 *       port {@code scim.embedded.kafka.port} (env {@code SCIM_KAFKA_PORT}), default 9092, 0 = a free port.</li>
 *   <li>A value that is a placeholder which cannot be resolved yet (e.g. {@code ${scim.kafka.bootstrap-servers}})
 *       counts as not set.</li>
 * </ul>
 *
 * <h2>Lifecycle and shutdown order</h2>
 * Both services are started right here (in parallel), before any bean exists, so Flyway / Hikari find them. Each is
 * registered as a singleton ({@value #POSTGRES_BEAN_NAME}, {@value #KAFKA_BEAN_NAME}) and as a disposable bean, and
 * these are the first disposable beans of the context, so Spring destroys them last. In addition an
 * {@link EmbeddedDependsOnPostProcessor} makes every {@code javax.sql.DataSource} bean (plus
 * {@code scim.embedded.postgres.dependents}) depend on {@value #POSTGRES_BEAN_NAME}, and every Kafka client / Spring
 * Kafka infrastructure bean ({@code Producer}, {@code Consumer}, {@code Admin}, {@code ProducerFactory},
 * {@code ConsumerFactory}, {@code KafkaOperations}, {@code KafkaAdmin}, {@code KafkaListenerEndpointRegistry},
 * {@code MessageListenerContainer}), every bean whose simple class name contains {@code Kafka} (e.g. an event
 * publisher that owns a {@code KafkaProducer}), plus {@code scim.embedded.kafka.dependents}) depend on
 * {@value #KAFKA_BEAN_NAME}:
 * Spring therefore destroys those beans, and everything that was injected with them, before stopping the server.
 * Lifecycle beans (Axon event processors, listener containers) are stopped even earlier, in the context's lifecycle
 * stop phase. Neither server registers a JVM shutdown hook; Spring Boot's own hook closes the context.
 *
 * <p>Within one JVM, contexts that resolve to the same data directory share one server (reference counted; the last
 * context to close stops it), so that several test contexts can coexist. Another process using the same data
 * directory makes startup fail fast with a clear error.
 *
 * <p>Other properties: {@code scim.data-dir} (env {@code SCIM_DATA_DIR}, default {@code ./data});
 * {@code scim.embedded.postgres.binaries-dir} (default {@code ${SCIM_DATA_DIR}/postgres-bin}; where the PostgreSQL
 * binaries are unpacked); {@code scim.embedded.postgres.server.*} (extra PostgreSQL settings);
 * {@code scim.embedded.kafka.broker.*} (extra broker properties, e.g. {@code [log.retention.ms]: -1});
 * {@code scim.embedded.kafka.quiet-logging} (default true: Kafka's broker-side loggers are set to WARN unless
 * {@code logging.level.<logger>} is configured).
 */
public class EmbeddedInfrastructureInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    public static final String POSTGRES_BEAN_NAME = "embeddedPostgres";
    public static final String KAFKA_BEAN_NAME = "embeddedKafka";
    public static final String PROPERTY_SOURCE_NAME = "scimEmbeddedInfrastructure";

    /**
     * Loggers of the broker side of Kafka (it logs a lot at INFO) and their quieter levels. Client-side loggers
     * ({@code org.apache.kafka.clients}) are left alone, apart from the pure noise of AppInfoParser and metrics.
     */
    static final Map<String, LogLevel> KAFKA_BROKER_LOG_LEVELS = kafkaBrokerLogLevels();

    private static Map<String, LogLevel> kafkaBrokerLogLevels() {
        Map<String, LogLevel> levels = new LinkedHashMap<>();
        for (String logger : List.of("kafka", "state.change.logger",
                "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
                "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
                "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
                "org.apache.kafka.security", "org.apache.kafka.network",
                "org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.common.metrics",
                "org.apache.kafka.common.telemetry", "org.apache.zookeeper")) {
            levels.put(logger, LogLevel.WARN);
        }
        // warns "Performing controller activation ..." on every start of a single-node cluster
        levels.put("org.apache.kafka.controller.QuorumController", LogLevel.ERROR);
        return Map.copyOf(levels);
    }

    private static final List<String> DEFAULT_POSTGRES_DEPENDENTS = List.of("javax.sql.DataSource");
    private static final List<String> DEFAULT_KAFKA_DEPENDENTS = List.of(
            "org.apache.kafka.clients.producer.Producer",
            "org.apache.kafka.clients.consumer.Consumer",
            "org.apache.kafka.clients.admin.Admin",
            "org.springframework.kafka.core.ProducerFactory",
            "org.springframework.kafka.core.ConsumerFactory",
            "org.springframework.kafka.core.KafkaOperations",
            "org.springframework.kafka.core.KafkaAdmin",
            "org.springframework.kafka.config.KafkaListenerEndpointRegistry",
            "org.springframework.kafka.listener.MessageListenerContainer");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructureInitializer.class);

    private static final Shared<EmbeddedPostgresServer> POSTGRES = new Shared<>("Embedded PostgreSQL");
    private static final Shared<EmbeddedKafkaBroker> KAFKA = new Shared<>("Embedded Kafka broker");

    @Override
    public int getOrder() {
        // after Boot's own initializers (e.g. the parent-context one, which merges a parent's environment)
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (!flag(env, "scim.embedded.enabled")) {
            LOG.info("Embedded infrastructure disabled (scim.embedded.enabled=false)");
            return;
        }
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        if (beanFactory.containsBean(POSTGRES_BEAN_NAME) || beanFactory.containsBean(KAFKA_BEAN_NAME)) {
            return; // applied twice, or a parent context already runs them
        }
        if (!(beanFactory instanceof DefaultSingletonBeanRegistry registry)) {
            LOG.warn("Embedded infrastructure not started: unsupported bean factory {}", beanFactory.getClass().getName());
            return;
        }
        Path dataDir = Path.of(env.getProperty("scim.data-dir", "./data")).toAbsolutePath().normalize();

        boolean postgresWanted = flag(env, "scim.embedded.postgres.enabled");
        String externalDb = firstSet(env, "spring.datasource.url");
        if (postgresWanted && externalDb != null) {
            LOG.info("Embedded PostgreSQL not started: {} is set", externalDb);
            postgresWanted = false;
        }
        boolean kafkaWanted = flag(env, "scim.embedded.kafka.enabled");
        String externalKafka = firstSet(env, "spring.kafka.bootstrap-servers", "scim.kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
        if (kafkaWanted && externalKafka != null) {
            LOG.info("Embedded Kafka broker not started: {} is set", externalKafka);
            kafkaWanted = false;
        }
        if (!postgresWanted && !kafkaWanted) {
            return;
        }

        if (kafkaWanted && env.getProperty("scim.embedded.kafka.quiet-logging", Boolean.class, true)) {
            quietKafkaLogging(env, context.getClassLoader());
        }

        CompletableFuture<EmbeddedKafkaBroker> kafkaFuture = null;
        if (kafkaWanted) {
            Path kafkaDir = dataDir.resolve("kafka");
            int port = port(env, "scim.embedded.kafka.port", "SCIM_KAFKA_PORT", EmbeddedKafkaBroker.DEFAULT_PORT);
            Map<String, String> brokerProps = subProperties(env, "scim.embedded.kafka.broker");
            kafkaFuture = CompletableFuture.supplyAsync(() -> KAFKA.acquire(kafkaDir, dir -> {
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir).port(port);
                brokerProps.forEach(broker::brokerProperty);
                return broker.start();
            }), task -> {
                Thread thread = new Thread(task, "embedded-kafka-start");
                thread.setDaemon(true);
                thread.start();
            });
        }

        EmbeddedPostgresServer postgres = null;
        EmbeddedKafkaBroker kafka = null;
        try {
            if (postgresWanted) {
                Path pgDir = dataDir.resolve("postgres");
                int port = port(env, "scim.embedded.postgres.port", "SCIM_POSTGRES_PORT", 0);
                Path binaries = Path.of(env.getProperty("scim.embedded.postgres.binaries-dir",
                        dataDir.resolve("postgres-bin").toString())).toAbsolutePath();
                Map<String, String> serverConfig = subProperties(env, "scim.embedded.postgres.server");
                postgres = POSTGRES.acquire(pgDir, dir -> {
                    EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir).port(port).binariesDirectory(binaries);
                    serverConfig.forEach(server::serverConfig);
                    return server.start();
                });
            }
        } catch (RuntimeException e) {
            if (kafkaFuture != null) {
                kafkaFuture.thenAccept(KAFKA::release);
            }
            throw e;
        }
        try {
            if (kafkaFuture != null) {
                kafka = kafkaFuture.join();
            }
        } catch (CompletionException e) {
            if (postgres != null) {
                POSTGRES.release(postgres);
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }

        String applicationUser = postgres == null ? null : applicationUser(env, postgres);
        String applicationPassword = null;
        if (applicationUser != null) {
            try {
                applicationPassword = postgres.ensureLoginRole(applicationUser);
            } catch (RuntimeException e) {
                POSTGRES.release(postgres);
                if (kafka != null) {
                    KAFKA.release(kafka);
                }
                throw e;
            }
        }

        Map<String, Object> properties = new LinkedHashMap<>();
        List<Runnable> releases = new ArrayList<>();
        if (postgres != null) {
            EmbeddedPostgresServer server = postgres;
            releases.add(registerService(registry, POSTGRES_BEAN_NAME, server, () -> POSTGRES.release(server)));
            properties.put("spring.datasource.url", server.jdbcUrl());
            if (applicationUser != null) {
                properties.put("spring.datasource.username", applicationUser);
                properties.put("spring.datasource.password", applicationPassword);
                properties.put("spring.flyway.user", server.username());
                properties.put("spring.flyway.password", server.superuserPassword());
            } else {
                properties.put("spring.datasource.username", server.username());
                properties.put("spring.datasource.password", server.superuserPassword());
            }
            context.addBeanFactoryPostProcessor(new EmbeddedDependsOnPostProcessor(POSTGRES_BEAN_NAME,
                    dependents(env, "scim.embedded.postgres.dependents", DEFAULT_POSTGRES_DEPENDENTS), null));
        }
        if (kafka != null) {
            EmbeddedKafkaBroker broker = kafka;
            releases.add(registerService(registry, KAFKA_BEAN_NAME, broker, () -> KAFKA.release(broker)));
            properties.put("scim.kafka.bootstrap-servers", broker.bootstrapServers());
            properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
            context.addBeanFactoryPostProcessor(new EmbeddedDependsOnPostProcessor(KAFKA_BEAN_NAME,
                    dependents(env, "scim.embedded.kafka.dependents", DEFAULT_KAFKA_DEPENDENTS), "Kafka"));
        }
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
        ConfigurationPropertySources.attach(env);
        // If startup fails before the context is refreshed, close() will not destroy its beans: release here. (If it
        // is active, the failure event comes before close(), which will destroy the beans in order; leave it be.)
        context.addApplicationListener((ApplicationListener<ApplicationFailedEvent>) event -> {
            if (event.getApplicationContext() == context && !context.isActive()) {
                releases.forEach(Runnable::run);
            }
        });
    }

    /** @return an idempotent release action, also run when the bean is destroyed */
    private static Runnable registerService(DefaultSingletonBeanRegistry registry, String name, Object service,
                                            Runnable release) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable once = () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
        registry.registerSingleton(name, service);
        // The context's first disposable beans, hence destroyed last (after everything that depends on them).
        registry.registerDisposableBean(name, once::run);
        return once;
    }

    /** {@code scim.embedded.postgres.application-user}, or null when unset or the superuser itself. */
    private static String applicationUser(ConfigurableEnvironment env, EmbeddedPostgresServer server) {
        String user = env.getProperty("scim.embedded.postgres.application-user");
        if (!StringUtils.hasText(user) || user.trim().equals(server.username())) {
            return null;
        }
        return user.trim();
    }

    private static boolean flag(ConfigurableEnvironment env, String key) {
        return env.getProperty(key, Boolean.class, true);
    }

    /** The first key with a non-blank value, as {@code key} (or null). Unresolvable placeholders count as unset. */
    private static String firstSet(ConfigurableEnvironment env, String... keys) {
        for (String key : keys) {
            try {
                if (StringUtils.hasText(env.getProperty(key))) {
                    return key;
                }
            } catch (IllegalArgumentException unresolvablePlaceholder) {
                LOG.debug("{} is set to an unresolvable placeholder; treating it as unset", key);
            }
        }
        return null;
    }

    private static int port(ConfigurableEnvironment env, String key, String envVar, int defaultPort) {
        Integer port = env.getProperty(key, Integer.class);
        if (port == null) {
            port = env.getProperty(envVar, Integer.class);
        }
        return port == null ? defaultPort : port;
    }

    private static Map<String, String> subProperties(ConfigurableEnvironment env, String prefix) {
        return Binder.get(env).bind(prefix, Bindable.mapOf(String.class, String.class)).orElseGet(Map::of);
    }

    private static List<String> dependents(ConfigurableEnvironment env, String key, List<String> defaults) {
        List<String> all = new ArrayList<>(defaults);
        String extra = env.getProperty(key);
        if (StringUtils.hasText(extra)) {
            for (String item : StringUtils.commaDelimitedListToStringArray(extra)) {
                if (StringUtils.hasText(item)) {
                    all.add(item.trim());
                }
            }
        }
        return all;
    }

    private static void quietKafkaLogging(ConfigurableEnvironment env, ClassLoader classLoader) {
        try {
            LoggingSystem loggingSystem = LoggingSystem.get(classLoader);
            KAFKA_BROKER_LOG_LEVELS.forEach((logger, level) -> {
                if (!env.containsProperty("logging.level." + logger)) {
                    loggingSystem.setLogLevel(logger, level);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Could not adjust Kafka log levels", e);
        }
    }

    /** One running instance per data directory in this JVM, shared by reference count. */
    private static final class Shared<T extends AutoCloseable> {

        private final String what;
        private final Map<Path, T> instances = new HashMap<>();
        private final Map<Path, Integer> references = new HashMap<>();

        Shared(String what) {
            this.what = what;
        }

        synchronized T acquire(Path directory, Function<Path, T> starter) {
            T existing = instances.get(directory);
            if (existing != null) {
                references.merge(directory, 1, Integer::sum);
                LOG.info("{} on {} is already running in this JVM; sharing it", what, directory);
                return existing;
            }
            T started = starter.apply(directory);
            instances.put(directory, started);
            references.put(directory, 1);
            return started;
        }

        synchronized void release(T instance) {
            for (Map.Entry<Path, T> entry : instances.entrySet()) {
                if (entry.getValue() == instance) {
                    Path directory = entry.getKey();
                    int left = references.merge(directory, -1, Integer::sum);
                    if (left <= 0) {
                        instances.remove(directory);
                        references.remove(directory);
                        try {
                            instance.close();
                        } catch (Exception e) {
                            LOG.warn("Error while stopping {}", what, e);
                        }
                    }
                    return;
                }
            }
        }
    }
}
