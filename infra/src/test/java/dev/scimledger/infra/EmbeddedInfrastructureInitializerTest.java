package dev.scimledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedInfrastructureInitializerTest {

    @TempDir
    Path tmp;

    @Test
    void embeddedDefaultStartsBothServicesAndStopsThemAfterTheirUsers() throws Exception {
        ConfigurableApplicationContext context = app(JdbcApp.class, KafkaProducerConfig.class)
                .properties("scim.embedded.postgres.server[work_mem]=8MB",
                        "scim.embedded.kafka.broker.log.retention.ms=-1")
                .run();
        ConfigurableApplicationContext second = null;
        try {
            EmbeddedPostgresServer postgres = context.getBean(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME,
                    EmbeddedPostgresServer.class);
            EmbeddedKafkaBroker kafka = context.getBean(EmbeddedInfrastructureInitializer.KAFKA_BEAN_NAME,
                    EmbeddedKafkaBroker.class);
            Environment env = context.getEnvironment();

            // where things are
            assertThat(postgres.dataDirectory()).isEqualTo(tmp.resolve("postgres").toAbsolutePath());
            assertThat(kafka.logDirectory()).isEqualTo(tmp.resolve("kafka").toAbsolutePath());
            assertThat(env.getProperty("spring.datasource.url"))
                    .isEqualTo(postgres.jdbcUrl())
                    .matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/postgres");
            assertThat(env.getProperty("spring.datasource.username")).isEqualTo("postgres");
            assertThat(env.getProperty("scim.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());
            assertThat(env.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());

            // the application's DataSource works against it
            HikariDataSource dataSource = (HikariDataSource) context.getBean(DataSource.class);
            assertThat(dataSource.getJdbcUrl()).isEqualTo(postgres.jdbcUrl());
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            jdbc.execute("CREATE TABLE app_table (v text)");
            jdbc.update("INSERT INTO app_table VALUES ('via spring')");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    env.getProperty("scim.kafka.bootstrap-servers")))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
                // extra broker properties are passed through
                ConfigResource brokerConfig = new ConfigResource(ConfigResource.Type.BROKER, "1");
                assertThat(admin.describeConfigs(List.of(brokerConfig)).all().get(30, TimeUnit.SECONDS)
                        .get(brokerConfig).get("log.retention.ms").value()).isEqualTo("-1");
            }
            // and so are extra PostgreSQL settings
            assertThat(jdbc.queryForObject("SHOW work_mem", String.class)).isEqualTo("8MB");

            // the ordering wiring
            var beanFactory = context.getBeanFactory();
            assertThat(beanFactory.getBeanDefinition("dataSource").getDependsOn())
                    .contains(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME);
            assertThat(beanFactory.getBeanDefinition("kafkaProducer").getDependsOn())
                    .contains(EmbeddedInfrastructureInitializer.KAFKA_BEAN_NAME);
            assertThat(beanFactory.getBeanDefinition("publisher").getDependsOn())
                    .as("matched by class name").contains(EmbeddedInfrastructureInitializer.KAFKA_BEAN_NAME);
            assertThat(beanFactory.getBeanDefinition("destroyProbe").getDependsOn()).isNull();
            assertThat(beanFactory.getDependentBeans(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME))
                    .contains("dataSource");

            // a second context on the same data directory in this JVM shares the running servers
            second = app(JdbcApp.class).run();
            assertThat(second.getBean(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME)).isSameAs(postgres);
            assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT v FROM app_table", String.class))
                    .isEqualTo("via spring");
            second.close();
            assertThat(postgres.isRunning()).isTrue();
            assertThat(kafka.isRunning()).isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM app_table", Integer.class)).isEqualTo(1);

            // closing: users of the DataSource / producer first, then the pool / producer, then the servers
            int postgresPort = postgres.port();
            String kafkaServers = kafka.bootstrapServers();
            DestroyProbe.RESULT.set(null);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(log);
            try {
                context.close();
            } finally {
                root.detachAppender(log);
            }
            assertThat(DestroyProbe.RESULT.get()).as("DataSource user could still query while being destroyed").isEqualTo("1");
            assertThat(dataSource.isClosed()).isTrue();
            assertThat(postgres.isRunning()).isFalse();
            assertThat(kafka.isRunning()).isFalse();

            List<String> messages = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            int poolClosed = indexOf(messages, "Shutdown completed");
            int postgresStopped = indexOf(messages, "Embedded PostgreSQL on port " + postgresPort + " stopped");
            int producerClosed = indexOf(messages, "Closing the Kafka producer");
            int kafkaStopped = indexOf(messages, "Embedded Kafka broker on " + kafkaServers + " stopped");
            assertThat(poolClosed).as("Hikari pool shut down").isNotNegative().isLessThan(postgresStopped);
            assertThat(producerClosed).as("producer closed").isNotNegative().isLessThan(kafkaStopped);
        } finally {
            if (second != null) {
                second.close();
            }
            context.close();
        }
    }

    @Test
    void anApplicationUserIsCreatedAndUsedWhileFlywayGetsTheSuperuser() throws Exception {
        ConfigurableApplicationContext context = app(JdbcApp.class)
                .properties("scim.embedded.kafka.enabled=false", "scim.embedded.postgres.application-user=app_user")
                .run();
        try {
            EmbeddedPostgresServer postgres = context.getBean(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME,
                    EmbeddedPostgresServer.class);
            Environment env = context.getEnvironment();
            assertThat(env.getProperty("spring.datasource.username")).isEqualTo("app_user");
            // every role has its own password, kept beside the cluster; none is empty
            assertThat(env.getProperty("spring.datasource.password")).hasSize(43)
                    .isEqualTo(EmbeddedPostgresServer.storedPassword(postgres.dataDirectory(), "app_user"));
            assertThat(env.getProperty("spring.flyway.user")).isEqualTo("postgres");
            assertThat(env.getProperty("spring.flyway.password")).isEqualTo(postgres.superuserPassword())
                    .isNotEqualTo(env.getProperty("spring.datasource.password"));
            for (String role : new String[]{"postgres", "app_user"}) {
                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(postgres.jdbcUrl(), role, "guessed"))
                        .as("a wrong password: refused, where trust let anyone in").isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("password authentication failed");
            }

            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("app_user");
            assertThat(jdbc.queryForMap("SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles "
                    + "WHERE rolname = current_user")).allSatisfy((attribute, value) -> assertThat(value).isEqualTo(false));
            // no privileges of its own: the owner of a schema grants them
            assertThatThrownBy(() -> jdbc.execute("CREATE TABLE app_table (v text)"))
                    .rootCause().hasMessageContaining("permission denied for schema public");

            // on an existing role (the next start), the attributes are reset, not left as someone changed them
            EmbeddedPostgresServerTest.execute(postgres, "ALTER ROLE app_user CREATEDB");
            postgres.ensureLoginRole("app_user");
            assertThat(EmbeddedPostgresServerTest.query(postgres,
                    "SELECT rolcreatedb::text FROM pg_roles WHERE rolname = 'app_user'")).containsExactly("false");
            assertThatThrownBy(() -> postgres.ensureLoginRole("postgres")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> postgres.ensureLoginRole("x; DROP TABLE t")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            context.close();
        }
    }

    @Test
    void nothingIsEmbeddedWhenExternalServicesAreConfigured() throws Exception {
        try (EmbeddedPostgresServer external = EmbeddedPostgresServerTest.newServer(tmp.resolve("external")).start()) {
            EmbeddedPostgresServerTest.execute(external, "CREATE TABLE marker (v text)", "INSERT INTO marker VALUES ('external')");
            Path appDataDir = tmp.resolve("app-data");

            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(JdbcApp.class)
                    .web(WebApplicationType.NONE)
                    .properties("spring.main.banner-mode=off",
                            "scim.data-dir=" + appDataDir,
                            "spring.datasource.url=" + external.jdbcUrl(),
                            "spring.datasource.username=postgres",
                            "spring.datasource.password=" + external.superuserPassword(),
                            "spring.kafka.bootstrap-servers=127.0.0.1:9")
                    .run()) {
                assertThat(context.containsBean(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME)).isFalse();
                assertThat(context.containsBean(EmbeddedInfrastructureInitializer.KAFKA_BEAN_NAME)).isFalse();
                assertThat(context.getEnvironment().getPropertySources()
                        .contains(EmbeddedInfrastructureInitializer.PROPERTY_SOURCE_NAME)).isFalse();
                assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(external.jdbcUrl());
                assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT v FROM marker", String.class))
                        .isEqualTo("external");
            }
            assertThat(appDataDir).doesNotExist();
        }
    }

    @Test
    void aFailedStartupStopsWhatItStarted() {
        assertThatThrownBy(() -> app(FailingApp.class).properties("scim.embedded.kafka.enabled=false").run())
                .hasRootCauseMessage("boom");
        // PostgreSQL was started for the failed context; it has been stopped and its data directory released
        EmbeddedPostgresServerTest.newServer(tmp.resolve("postgres")).start().close();
    }

    @Test
    void masterSwitchDisablesEverything() {
        Path appDataDir = tmp.resolve("app-data");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "scim.data-dir=" + appDataDir, "scim.embedded.enabled=false")
                .run()) {
            assertThat(context.containsBean(EmbeddedInfrastructureInitializer.POSTGRES_BEAN_NAME)).isFalse();
            assertThat(context.containsBean(EmbeddedInfrastructureInitializer.KAFKA_BEAN_NAME)).isFalse();
            assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isNull();
        }
        assertThat(appDataDir).doesNotExist();
    }

    private SpringApplicationBuilder app(Class<?>... sources) {
        return new SpringApplicationBuilder(sources)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off",
                        "scim.data-dir=" + tmp,
                        "scim.embedded.kafka.port=0",
                        "scim.embedded.postgres.binaries-dir=" + TestPaths.PG_BINARIES);
    }

    private static int indexOf(List<String> messages, String fragment) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) != null && messages.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class JdbcApp {

        @Bean
        DestroyProbe destroyProbe(JdbcTemplate jdbc) {
            return new DestroyProbe(jdbc);
        }
    }

    @Import(JdbcApp.class)
    static class KafkaProducerConfig {

        @Bean(destroyMethod = "close")
        Producer<String, String> kafkaProducer(Environment env) {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    env.getRequiredProperty("scim.kafka.bootstrap-servers")),
                    new StringSerializer(), new StringSerializer());
        }

        @Bean
        FakeKafkaPublisher publisher() {
            return new FakeKafkaPublisher();
        }
    }

    /** Stands for a bean that owns a Kafka client internally: matched by its class name. */
    static class FakeKafkaPublisher {
    }

    @SpringBootConfiguration
    static class EmptyApp {
    }

    @SpringBootConfiguration
    static class FailingApp {

        @Bean
        Object failing() {
            throw new IllegalStateException("boom");
        }
    }

    /** Uses the database while being destroyed, as e.g. a token store flushing on shutdown would. */
    static class DestroyProbe implements DisposableBean {

        static final AtomicReference<String> RESULT = new AtomicReference<>();
        private final JdbcTemplate jdbc;

        DestroyProbe(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void destroy() {
            String result;
            try {
                result = jdbc.queryForObject("SELECT 1", String.class);
            } catch (RuntimeException e) {
                result = e.toString();
            }
            RESULT.set(result);
        }
    }
}
