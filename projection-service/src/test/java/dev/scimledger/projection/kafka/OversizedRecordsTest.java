package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.infra.EmbeddedKafkaBroker;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.projection.chain.ChainSigningKey;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher never sends a record the producer must refuse as too large (such an event could only wait in
 * quarantine): an event over {@code max.request.size} goes out by reference (CloudEvents {@code dataref}, no data),
 * its security event token as the RFC 9967 notice. Against a real broker, with the producer's limit set small.
 */
class OversizedRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final int MAX_REQUEST_SIZE = 8_192;

    @TempDir
    static Path directory;
    static EmbeddedKafkaBroker broker;
    static EventRecords records;
    static SecurityEventTokens tokens;

    @BeforeAll
    static void startBroker() throws InterruptedException {
        broker = new EmbeddedKafkaBroker(directory.resolve("kafka")).port(0).start();
        KafkaPublisherProperties properties = new KafkaPublisherProperties(broker.bootstrapServers(),
                "oversized-events", 1, (short) 0, Duration.ofSeconds(15), "none", "/scim-ledger", "oversized-set",
                "urn:scim-ledger", 200_000, Map.of("max.request.size", String.valueOf(MAX_REQUEST_SIZE)));
        records = new EventRecords(properties, JSON, persons -> Set.of());
        records.ensureTopics();
        tokens = new SecurityEventTokens(JSON, ChainSigningKey.load(directory.resolve("chain.key")), "urn:scim-ledger");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static ObjectNode attributes(int descriptionLength) {
        ObjectNode attributes = JSON.createObjectNode();
        attributes.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        attributes.put("userName", "big@example.com");
        attributes.put("displayName", "x".repeat(descriptionLength));
        return attributes;
    }

    private static DomainEventMessage<ScimEvent> message(String type, String id, long sequence, ScimEvent event) {
        return new GenericDomainEventMessage<>(type, id, sequence, event);
    }

    @Test
    void anEventTooLargeForARecordIsPublishedByReferenceAndASmallOneInFull() throws Exception {
        String big = UUID.randomUUID().toString();
        String small = UUID.randomUUID().toString();
        UserCreatedEvent bigEvent = new UserCreatedEvent("t1", big, "big@example.com", attributes(20_000), true,
                Instant.now());
        UserCreatedEvent smallEvent = new UserCreatedEvent("t1", small, "small@example.com", attributes(10), true,
                Instant.now());
        DomainEventMessage<ScimEvent> bigMessage = message("User", big, 0, bigEvent);
        DomainEventMessage<ScimEvent> smallMessage = message("User", small, 0, smallEvent);

        ProducerRecord<String, CloudEvent> full = new ProducerRecord<>("oversized-events", EventRecords.key(bigEvent,
                bigMessage), CloudEventFormat.of("/scim-ledger", bigEvent, bigMessage, records.data(bigEvent), JSON, null));
        try (KafkaProducer<String, CloudEvent> producer = records.producer("test")) {
            assertThatThrownBy(() -> producer.send(full).get(15, TimeUnit.SECONDS))
                    .as("what the check saves us from: the producer refuses the whole event")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            producer.send(records.record(bigEvent, bigMessage, records.data(bigEvent), null)).get(15, TimeUnit.SECONDS);
            producer.send(records.record(smallEvent, smallMessage, records.data(smallEvent), null)).get(15, TimeUnit.SECONDS);
        }

        Map<String, ConsumerRecord<String, CloudEvent>> read = new java.util.HashMap<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of("oversized-events"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.size() < 2 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> read.put(record.value() == null
                        ? "null value at offset " + record.offset() : record.value().getId(), record));
            }
        }
        assertThat(read.get(bigMessage.getIdentifier()).value()).as("a record whose value reads as an event").isNotNull();
        CloudEvent byReference = read.get(bigMessage.getIdentifier()).value();
        assertThat(byReference.getData() == null ? new byte[0] : byReference.getData().toBytes()).isEmpty();
        assertThat(byReference.getDataContentType()).isNull();
        assertThat(byReference.getExtension("dataref"))
                .hasToString("/admin/tenants/t1/events/" + bigMessage.getIdentifier());
        assertThat(byReference.getType()).isEqualTo("dev.scimledger.user-created.v1");
        assertThat(byReference.getSubject()).isEqualTo("Users/" + big);
        assertThat(byReference.getExtension("sequence")).isEqualTo("0000000000000000000");
        assertThat(read.get(bigMessage.getIdentifier()).key()).isEqualTo("t1/" + big);

        CloudEvent inFull = read.get(smallMessage.getIdentifier()).value();
        assertThat(inFull.getExtension("dataref")).isNull();
        assertThat(JSON.readTree(inFull.getData().toBytes()).path("userName").asText()).isEqualTo("small@example.com");
    }

    @Test
    void aTokenTooLargeForARecordIsTheNoticeOfTheSameChange() throws Exception {
        String user = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        UserCreatedEvent created = new UserCreatedEvent("t1", user, "big@example.com", attributes(20_000), true,
                Instant.now());
        UserAttributesChangedEvent changed = new UserAttributesChangedEvent("t1", user, attributes(20_000),
                List.of("displayName"), Instant.now());
        List<GroupMember> members = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            members.add(new GroupMember(UUID.randomUUID().toString(), "User"));
        }
        GroupMembersAddedEvent added = new GroupMembersAddedEvent("t1", group, members, Instant.now());
        UserCreatedEvent small = new UserCreatedEvent("t1", user, "small@example.com", attributes(10), true,
                Instant.now());

        assertThat(notice(created, message("User", user, 0, created), "prov:create")
                .path("attributes").toString()).isEqualTo("[\"userName\",\"displayName\",\"active\"]");
        assertThat(notice(changed, message("User", user, 1, changed), "prov:put")
                .path("attributes").toString()).isEqualTo("[\"displayName\"]");
        assertThat(notice(added, message("Group", group, 1, added), "prov:patch")
                .path("attributes").toString()).isEqualTo("[\"members\"]");

        DomainEventMessage<ScimEvent> smallMessage = message("User", user, 0, small);
        JsonNode events = claims(tokens.of(small, smallMessage, records.data(small),
                records.maxTokenBytes(small, smallMessage)).orElseThrow()).path("events");
        assertThat(events.has(SecurityEventTokens.PREFIX + "prov:create:full")).as(events.toString()).isTrue();
        assertThat(events.path(SecurityEventTokens.PREFIX + "prov:create:full").path("data").path("displayName").asText())
                .isEqualTo("x".repeat(10));
    }

    /** The event's token, sent to the broker (the producer refuses any record over its limit); its notice event. */
    private JsonNode notice(ScimEvent event, DomainEventMessage<ScimEvent> message, String kind) throws Exception {
        int max = records.maxTokenBytes(event, message);
        String token = tokens.of(event, message, records.data(event), max).orElseThrow();
        assertThat(token.length()).isLessThanOrEqualTo(max);
        try (KafkaProducer<String, String> producer = records.tokenProducer("test-set")) {
            producer.send(records.tokenRecord(event, message, token)).get(15, TimeUnit.SECONDS);
        }
        JsonNode events = claims(token).path("events");
        assertThat(events.has(SecurityEventTokens.PREFIX + kind + ":full")).as(events.toString()).isFalse();
        JsonNode notice = events.path(SecurityEventTokens.PREFIX + kind + ":notice");
        assertThat(notice.isObject()).as(events.toString()).isTrue();
        assertThat(notice.has("data")).isFalse();
        assertThat(claims(token).path("sub_id").path("uri").asText())
                .isEqualTo("/" + message.getType() + "s/" + message.getAggregateIdentifier());
        return notice;
    }

    private static JsonNode claims(String token) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
