package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.personal.PersonalEvent;
import dev.scimledger.messages.personal.PersonalFields;
import dev.scimledger.projection.chain.ChainSigningKey;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every event of the log to Kafka as a CloudEvent ({@link CloudEventFormat}), fed by its own tracking processor: a SCIM write never waits for
 * Kafka, and while Kafka is unreachable the processor retries the same event until it is sent. The key is
 * tenant and resource id, so each resource's events stay in one partition, in order. Delivery is at least once:
 * consumers skip repeats by the event id.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
@EnableConfigurationProperties(KafkaPublisherProperties.class)
class KafkaEventPublisher implements DisposableBean {

    static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final KafkaPublisherProperties properties;
    private final ObjectMapper json;
    private final JdbcTemplate jdbc;
    private final KafkaProducer<String, CloudEvent> producer;
    /** The SCIM security event tokens' producer; null when {@code scim.kafka.set-topic} is empty. */
    private final KafkaProducer<String, String> setProducer;
    private final SecurityEventTokens securityEventTokens;
    private volatile boolean topicReady;

    KafkaEventPublisher(KafkaPublisherProperties properties, ObjectMapper json, JdbcTemplate jdbc,
                        ChainSigningKey signingKey) {
        if (properties.bootstrapServers() == null || properties.bootstrapServers().isBlank()) {
            throw new IllegalStateException("scim.kafka.bootstrap-servers is not set (KAFKA_BOOTSTRAP_SERVERS)");
        }
        this.properties = properties;
        this.json = json;
        this.jdbc = jdbc;
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, properties.compression(),
                ProducerConfig.CLIENT_ID_CONFIG, "scim-event-publisher"));
        boolean securityEvents = properties.setTopic() != null && !properties.setTopic().isBlank();
        this.setProducer = securityEvents ? new KafkaProducer<>(new HashMap<>(config), new StringSerializer(),
                new StringSerializer()) : null;
        this.securityEventTokens = new SecurityEventTokens(json, signingKey, properties.setIssuer());
        config.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new CloudEventSerializer());
    }

    private int requestTimeoutMillis() {
        return (int) Math.min(properties.sendTimeout().toMillis(), 10_000);
    }

    /**
     * Both records are sent before either is awaited; the event counts as published once both are acknowledged (a
     * failure sends both again: at least once).
     */
    @EventHandler
    void on(ScimEvent event, DomainEventMessage<?> message) throws Exception {
        ensureTopic();
        String key = event.tenantId() + "/" + message.getAggregateIdentifier();
        ObjectNode data = data(event);
        Future<RecordMetadata> cloudEvent = producer.send(new ProducerRecord<>(properties.topic(), key,
                CloudEventFormat.of(properties.source(), event, message, data, json, null)));
        Optional<String> token = setProducer == null ? Optional.empty() : securityEventTokens.of(event, message, data);
        if (token.isPresent()) {
            ProducerRecord<String, String> record = new ProducerRecord<>(properties.setTopic(), key, token.get());
            record.headers().add("content-type", "application/secevent+jwt".getBytes(StandardCharsets.UTF_8));
            setProducer.send(record).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        cloudEvent.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The event's data as published: a person's personal data only while the person is not erased. The payload may
     * have been read (decrypted) before an erasure and kept in memory by the event store for its readers, so the
     * erasure is checked here, at publishing; the share lock holds off an erasure until this batch has committed.
     */
    private ObjectNode data(ScimEvent event) {
        ObjectNode data = json.valueToTree(event);
        if (event instanceof PersonalEvent personal && Boolean.TRUE.equals(jdbc.query("""
                SELECT erased_at IS NOT NULL FROM personal_data_key WHERE tenant_id = ? AND subject_id = ? FOR SHARE""",
                rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, personal.tenantId(), personal.personId()))) {
            PersonalFields.erase(data, event.getClass());
        }
        return data;
    }

    private void ensureTopic() throws InterruptedException {
        if (topicReady) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis()))) {
            createTopic(admin, properties.topic());
            if (setProducer != null) {
                createTopic(admin, properties.setTopic());
            }
        }
        topicReady = true;
    }

    private void createTopic(Admin admin, String topic) throws InterruptedException {
        try {
            // kept forever: the topic is a replayable history for downstream consumers, not a buffer
            admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())
                    .configs(Map.of("retention.ms", "-1")))).all().get();
            log.info("created Kafka topic {} with {} partitions", topic, properties.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic " + topic, e.getCause());
            }
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
        if (setProducer != null) {
            setProducer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
