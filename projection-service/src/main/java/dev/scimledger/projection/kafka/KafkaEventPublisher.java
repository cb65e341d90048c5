package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.projection.ProjectionServiceAutoConfiguration;
import dev.scimledger.projection.chain.ChainSigningKey;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every event of the log to Kafka as a CloudEvent ({@link CloudEventFormat}), and each SCIM change also as
 * a security event token ({@link SecurityEventTokens}) on a second topic, fed by its own tracking processor: a SCIM
 * write never waits for Kafka, and while Kafka is unreachable the processor retries the same event until it is sent.
 * The key is tenant and resource id, so each resource's events stay in one partition, in order. Delivery is at least
 * once: consumers skip repeats by the event id.
 */
@Component
@ConditionalOnProperty(name = ProjectionServiceAutoConfiguration.PROJECTIONS_ENABLED, matchIfMissing = true)
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
@EnableConfigurationProperties(KafkaPublisherProperties.class)
class KafkaEventPublisher implements DisposableBean {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final EventRecords records;
    private final KafkaProducer<String, CloudEvent> producer;
    /** Null when the security event tokens are not published. */
    private final KafkaProducer<String, String> tokenProducer;
    private final SecurityEventTokens securityEventTokens;
    private volatile boolean topicsReady;

    KafkaEventPublisher(KafkaPublisherProperties properties, ObjectMapper json, JdbcTemplate jdbc,
                        ChainSigningKey signingKey) {
        this.records = new EventRecords(properties, json, jdbc);
        this.producer = records.producer("scim-event-publisher");
        this.tokenProducer = records.publishesTokens() ? records.tokenProducer("scim-set-publisher") : null;
        this.securityEventTokens = new SecurityEventTokens(json, signingKey, properties.setIssuer());
    }

    /**
     * Both records are sent before either is awaited; the event counts as published once both are acknowledged (a
     * failure sends both again: at least once).
     */
    @EventHandler
    void on(ScimEvent event, DomainEventMessage<?> message) throws Exception {
        if (!topicsReady) {
            records.ensureTopics();
            topicsReady = true;
        }
        long timeout = records.properties().sendTimeout().toMillis();
        ObjectNode data = records.data(event);
        Future<RecordMetadata> cloudEvent = producer.send(records.record(event, message, data, null));
        Optional<String> token = tokenProducer == null ? Optional.empty() : securityEventTokens.of(event, message, data);
        if (token.isPresent()) {
            tokenProducer.send(records.tokenRecord(event, message, token.get())).get(timeout, TimeUnit.MILLISECONDS);
        }
        cloudEvent.get(timeout, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
        if (tokenProducer != null) {
            tokenProducer.close(Duration.ofSeconds(5));
        }
    }
}
