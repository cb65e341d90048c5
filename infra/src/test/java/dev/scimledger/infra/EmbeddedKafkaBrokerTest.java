package dev.scimledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path tmp;

    @Test
    void topicsAndRecordsSurviveARestart() throws Exception {
        Path logDir = tmp.resolve("kafka");
        String clusterId;
        int firstPort;

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir).port(0).start()) {
            clusterId = broker.clusterId();
            firstPort = broker.port();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + firstPort);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("scim-events", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new StringSerializer())) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("scim-events", "user-1", "created"))
                        .get(30, TimeUnit.SECONDS);
                assertThat(sent.offset()).isZero();
            }
        }
        assertThat(logDir.resolve("meta.properties")).exists();
        assertThat(logDir.resolve("scim-events-0")).isDirectory();

        // restart on the same directory: new client port, new controller port, same cluster, same data
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir).port(0).start()) {
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains("scim-events");
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("scim-events"));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                }
                assertThat(received).singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo("user-1");
                    assertThat(r.value()).isEqualTo("created");
                    assertThat(r.offset()).isZero();
                });
            }

            // a second broker on the same directory is refused up front
            assertThatThrownBy(() -> new EmbeddedKafkaBroker(logDir).port(0).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another instance in this JVM");
        }
    }

    @Test
    void aStoppedBrokerComesBackOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(tmp.resolve("kafka")).port(0).start();
             // one producer across the outage, as a service would have: it must find the broker again by itself
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000),
                     new StringSerializer(), new StringSerializer())) {
            String bootstrap = broker.bootstrapServers();
            String clusterId = broker.clusterId();
            producer.send(new ProducerRecord<>("outage", "user-1", "before")).get(30, TimeUnit.SECONDS);

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("outage", "user-1", "during")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);

            broker.start();
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            producer.send(new ProducerRecord<>("outage", "user-1", "after")).get(30, TimeUnit.SECONDS);

            assertThat(readAll(bootstrap, "outage", 2)).extracting(ConsumerRecord::value).containsExactly("before", "after");
        }
    }

    @Test
    void aClosedBrokerStaysClosed() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(tmp.resolve("kafka")).port(0).start();
        broker.stop();
        broker.close();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
        // the directory was released with the close, even though the broker was stopped at the time
        new EmbeddedKafkaBroker(tmp.resolve("kafka")).port(0).start().close();
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "outage-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            // and nothing more: a record sent while the broker was down must not turn up later
            consumer.poll(Duration.ofSeconds(1)).forEach(received::add);
            return received;
        }
    }
}
