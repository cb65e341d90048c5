package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The topic as a consumer reads it: every record a CloudEvent (binary mode: {@code ce_*} headers, JSON data). */
public final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its key and partition, the CloudEvent, and its data as JSON. */
    public record Published(String key, int partition, long offset, CloudEvent event, JsonNode data) {
        public String type() {
            return event.getType();
        }

        public long sequence() {
            return Long.parseLong(String.valueOf(event.getExtension("sequence")));
        }
    }

    private PublishedEvents() {
    }

    /**
     * Reads {@code topic} from the start until {@code enough} holds for what was read (then until it has been quiet
     * for a second), or the deadline passes.
     */
    public static List<Published> read(String bootstrapServers, String topic, Predicate<List<Published>> enough,
                                       Duration deadline) {
        List<Published> read = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.currentTimeMillis() + deadline.toMillis();
            long quietSince = System.currentTimeMillis();
            boolean satisfied = false;
            while (System.currentTimeMillis() < end && !(satisfied && System.currentTimeMillis() - quietSince > 1_000)) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new Published(record.key(), record.partition(), record.offset(), record.value(),
                            data(record.value())));
                    quietSince = System.currentTimeMillis();
                }
                satisfied = satisfied || enough.test(read);
            }
        }
        return read;
    }

    public static List<Published> withKey(List<Published> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return event.getData() == null ? JSON.nullNode() : JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
