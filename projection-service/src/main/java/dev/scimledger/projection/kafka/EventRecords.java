package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.personal.ErasedPersons;
import dev.scimledger.messages.personal.PersonalEvent;
import dev.scimledger.messages.personal.PersonalFields;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * What the live publisher and a re-publication share, so that both send one event as the same record: the topic and
 * its creation, the producer's settings, the key (tenant and resource id), and the CloudEvent with the event's data
 * as published now.
 *
 * <p>No record is sent that the producer would refuse as too large ({@code max.request.size}, Kafka's 1 MiB unless
 * {@code scim.kafka.client} sets it): such a record could never be sent, and its event would wait in quarantine. The
 * resource limits keep every new event far below it; an event written before them, or a producer configured smaller,
 * is published {@linkplain CloudEventFormat#byReference by reference} instead, and its security event token as an
 * RFC 9967 notice ({@link SecurityEventTokens}). A broker or topic whose own limit ({@code message.max.bytes},
 * {@code max.message.bytes}) is lower than the producer's is not known here: set {@code max.request.size} to match it.
 */
final class EventRecords {

    private static final Logger log = LoggerFactory.getLogger(EventRecords.class);
    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
    /** Left in each record for what {@link CloudEventFormat#recordBytes} does not count: the record's own framing. */
    static final int FRAMING_BYTES = 512;
    private static final String TOKEN_CONTENT_TYPE_HEADER = "content-type";
    private static final byte[] TOKEN_CONTENT_TYPE = "application/secevent+jwt".getBytes(StandardCharsets.UTF_8);

    private final KafkaPublisherProperties properties;
    private final ObjectMapper json;
    private final ErasedPersons erasedPersons;
    private final int maxRecordBytes;

    EventRecords(KafkaPublisherProperties properties, ObjectMapper json, ErasedPersons erasedPersons) {
        this.properties = properties;
        this.json = json;
        this.erasedPersons = erasedPersons;
        this.maxRecordBytes = maxRequestBytes(properties) - FRAMING_BYTES;
    }

    private static int maxRequestBytes(KafkaPublisherProperties properties) {
        String configured = properties.client().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return DEFAULT_MAX_REQUEST_BYTES;
        }
        try {
            int bytes = Integer.parseInt(configured.trim());
            if (bytes <= 4 * FRAMING_BYTES) {
                throw new NumberFormatException("too small");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("scim.kafka.client[" + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + "] is "
                    + configured + "; it must be a number of bytes above " + 4 * FRAMING_BYTES, e);
        }
    }

    /** The most a record's key, headers and value may take together. */
    int maxRecordBytes() {
        return maxRecordBytes;
    }

    KafkaPublisherProperties properties() {
        return properties;
    }

    ObjectMapper json() {
        return json;
    }

    KafkaProducer<String, CloudEvent> producer(String clientId) {
        Map<String, Object> config = config(clientId);
        config.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
        return new KafkaProducer<>(config, new StringSerializer(), new CloudEventSerializer());
    }

    /** For the security event tokens' topic: the same settings, the token text as the value. */
    KafkaProducer<String, String> tokenProducer(String clientId) {
        return new KafkaProducer<>(config(clientId), new StringSerializer(), new StringSerializer());
    }

    /** Whether the SCIM security event tokens are published ({@code scim.kafka.set-topic} not empty). */
    boolean publishesTokens() {
        return properties.setTopic() != null && !properties.setTopic().isBlank();
    }

    Map<String, Object> config(String clientId) {
        Map<String, Object> config = new HashMap<>(properties.client());
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, properties.compression(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId));
        // what was configured beside ours, where ours is only a default (timeouts, compression, linger)
        for (String setting : List.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ProducerConfig.LINGER_MS_CONFIG,
                ProducerConfig.COMPRESSION_TYPE_CONFIG)) {
            if (properties.client().containsKey(setting)) {
                config.put(setting, properties.client().get(setting));
            }
        }
        return config;
    }

    private String bootstrapServers() {
        if (properties.bootstrapServers() == null || properties.bootstrapServers().isBlank()) {
            throw new IllegalStateException("scim.kafka.bootstrap-servers is not set (KAFKA_BOOTSTRAP_SERVERS)");
        }
        return properties.bootstrapServers();
    }

    private int requestTimeoutMillis() {
        return (int) Math.min(properties.sendTimeout().toMillis(), 10_000);
    }

    static String key(ScimEvent event, DomainEventMessage<?> message) {
        return event.tenantId() + "/" + message.getAggregateIdentifier();
    }

    /**
     * {@code data} is {@link #data}'s answer for the event; {@code republication} is null for the live publication,
     * else the re-publication's id.
     */
    ProducerRecord<String, CloudEvent> record(ScimEvent event, DomainEventMessage<?> message, ObjectNode data,
                                              String republication) {
        String key = key(event, message);
        CloudEvent full = CloudEventFormat.of(properties.source(), event, message, data, json, republication);
        long bytes = CloudEventFormat.recordBytes(key, full);
        if (bytes <= maxRecordBytes) {
            return new ProducerRecord<>(properties.topic(), key, full);
        }
        log.warn("Event {} ({} of {}) would be a record of {} bytes, more than the {} a record may take: published "
                        + "by reference ({})", message.getIdentifier(), full.getType(), full.getSubject(), bytes,
                maxRecordBytes, CloudEventFormat.dataref(event, message));
        return new ProducerRecord<>(properties.topic(), key,
                CloudEventFormat.byReference(properties.source(), event, message, republication));
    }

    /** The token's record; {@code token} is {@link SecurityEventTokens#of}'s answer for {@link #maxTokenBytes}. */
    ProducerRecord<String, String> tokenRecord(ScimEvent event, DomainEventMessage<?> message, String token) {
        ProducerRecord<String, String> record = new ProducerRecord<>(properties.setTopic(), key(event, message), token);
        record.headers().add(TOKEN_CONTENT_TYPE_HEADER, TOKEN_CONTENT_TYPE);
        return record;
    }

    /** How long the event's security event token may be for its record to fit. */
    int maxTokenBytes(ScimEvent event, DomainEventMessage<?> message) {
        return maxRecordBytes - key(event, message).getBytes(StandardCharsets.UTF_8).length
                - TOKEN_CONTENT_TYPE_HEADER.length() - TOKEN_CONTENT_TYPE.length;
    }

    /**
     * The event's data as published: a person's personal data only while the person is not erased. The payload may
     * have been read (decrypted) before an erasure and kept in memory by the event store for its readers, so the
     * erasure is checked here, at publishing; the share lock holds off an erasure until this batch has committed.
     */
    ObjectNode data(ScimEvent event) {
        return data(event, event instanceof PersonalEvent personal
                && erased(List.of(personal)).contains(subject(personal.tenantId(), personal.personId())));
    }

    /** The event's data as published, {@code erased} telling whether its person is erased ({@link #erased}). */
    ObjectNode data(ScimEvent event, boolean erased) {
        ObjectNode data = json.valueToTree(event);
        if (erased) {
            PersonalFields.erase(data, event.getClass());
        }
        return data;
    }

    /**
     * Which of these events' persons are erased ({@link #subject} of each), share-locking their key rows until the
     * transaction ends, so an erasure waits for the records being published.
     */
    Set<String> erased(List<? extends PersonalEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        Set<String> erased = new HashSet<>();
        for (ErasedPersons.Person person : erasedPersons.erasedAmong(events.stream()
                .map(e -> new ErasedPersons.Person(e.tenantId(), e.personId())).toList())) {
            erased.add(subject(person.tenantId(), person.personId()));
        }
        return erased;
    }

    static String subject(String tenantId, String personId) {
        return tenantId + '\u0000' + personId;
    }

    /** Creates the topics (the events', and the tokens' when published) unless they exist. */
    void ensureTopics() throws InterruptedException {
        Map<String, Object> adminConfig = new HashMap<>(properties.client());
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        adminConfig.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis()));
        try (Admin admin = Admin.create(adminConfig)) {
            createTopic(admin, properties.topic());
            if (publishesTokens()) {
                createTopic(admin, properties.setTopic());
            }
        }
    }

    private void createTopic(Admin admin, String topic) throws InterruptedException {
        try {
            // kept forever: the topic is a replayable history for downstream consumers, not a buffer
            // replication: as configured, or else as the cluster is set up for (default.replication.factor)
            Optional<Short> replication = properties.replicationFactor() > 0
                    ? Optional.of(properties.replicationFactor()) : Optional.empty();
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(properties.partitions()), replication)
                    .configs(Map.of("retention.ms", "-1")))).all().get();
            log.info("created Kafka topic {} with {} partitions, replication factor {}", topic, properties.partitions(),
                    replication.map(String::valueOf).orElse("the cluster's default"));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic " + topic, e.getCause());
            }
        }
    }
}
