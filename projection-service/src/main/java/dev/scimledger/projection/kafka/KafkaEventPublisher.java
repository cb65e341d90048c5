package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.personal.ErasedPersons;
import dev.scimledger.messages.personal.PersonalEvent;
import dev.scimledger.messages.publishing.ProcessorLagQuery;
import dev.scimledger.projection.ProjectionServiceAutoConfiguration;
import dev.scimledger.projection.UnitOfWorkBatch;
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
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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

    static final String PROCESSING_GROUP = ProcessorLagQuery.KAFKA_PUBLISHER;
    private static final String BATCH = KafkaEventPublisher.class.getName() + ".batch";

    private final EventRecords records;
    private final KafkaProducer<String, CloudEvent> producer;
    /** Null when the security event tokens are not published. */
    private final KafkaProducer<String, String> tokenProducer;
    private final SecurityEventTokens securityEventTokens;
    private volatile boolean topicsReady;

    KafkaEventPublisher(KafkaPublisherProperties properties, ObjectMapper json, ErasedPersons erasedPersons,
                        ChainSigningKey signingKey) {
        this.records = new EventRecords(properties, json, erasedPersons);
        this.producer = records.producer("scim-event-publisher");
        this.tokenProducer = records.publishesTokens() ? records.tokenProducer("scim-set-publisher") : null;
        this.securityEventTokens = new SecurityEventTokens(json, signingKey, properties.setIssuer());
    }

    /**
     * Collects the processor's batch (up to {@code batch-size} events in one transaction); its records are all sent
     * when the batch is about to commit ({@link #publish}), so that the batch waits for the broker once.
     */
    @EventHandler
    void on(ScimEvent event, DomainEventMessage<?> message) {
        if (event instanceof OperatorEvent) {
            return; // the operators' own accounts and keys: for the audit trail, not for a tenant's downstream services
        }
        UnitOfWorkBatch.add(BATCH, message, new Pending(event, message), batch -> {
            try {
                publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge the batch: " + e.getMessage(), e);
            }
        });
    }

    private record Pending(ScimEvent event, DomainEventMessage<?> message) {
    }

    /**
     * Sends every record of the batch, in the log's order (one producer per topic, idempotent, so a resource's records
     * keep their order on its partition), then waits until the broker has acknowledged them all; the batch counts as
     * published only then (a failure sends the whole batch again: at least once). Whose personal data is erased is
     * asked once for the batch, share-locking those key rows until the batch commits.
     */
    private void publish(List<Pending> batch) throws InterruptedException, ExecutionException, TimeoutException {
        if (batch.isEmpty()) {
            return;
        }
        if (!topicsReady) {
            records.ensureTopics();
            topicsReady = true;
        }
        Set<String> erased = records.erased(batch.stream().map(Pending::event)
                .filter(PersonalEvent.class::isInstance).map(PersonalEvent.class::cast).toList());
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size() * 2);
        for (Pending pending : batch) {
            ScimEvent event = pending.event();
            boolean personErased = event instanceof PersonalEvent personal
                    && erased.contains(EventRecords.subject(personal.tenantId(), personal.personId()));
            ObjectNode data = records.data(event, personErased);
            sent.add(producer.send(records.record(event, pending.message(), data, null)));
            Optional<String> token = tokenProducer == null ? Optional.empty()
                    : securityEventTokens.of(event, pending.message(), data,
                    records.maxTokenBytes(event, pending.message()));
            if (token.isPresent()) {
                sent.add(tokenProducer.send(records.tokenRecord(event, pending.message(), token.get())));
            }
        }
        long deadline = System.nanoTime() + records.properties().sendTimeout().toNanos();
        for (Future<RecordMetadata> acknowledgement : sent) {
            acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
        if (tokenProducer != null) {
            tokenProducer.close(Duration.ofSeconds(5));
        }
    }
}
