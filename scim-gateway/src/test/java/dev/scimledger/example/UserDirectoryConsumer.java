package dev.scimledger.example;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An example downstream consumer: a directory of one tenant's users, built from the {@code scim.events} topic alone.
 * It needs nothing of SCIM Ledger but the topic's contract (docs/consumers.md): kafka-clients, the CloudEvents Kafka
 * binding and Jackson.
 *
 * <pre>java dev.scimledger.example.UserDirectoryConsumer localhost:9092 scim.events TENANT_ID [SERVICE_URL ADMIN_TOKEN]</pre>
 * reads the topic from its start until it has been quiet for five seconds, then prints the directory as JSON. An
 * event too large for a Kafka record comes without data, with {@code dataref} naming where the admin API serves it:
 * given the service's URL and an admin token, the directory fetches it there; without them it stops on such an event
 * rather than apply an empty one.
 *
 * <p>Delivery is at least once, and history may be published again, so each event is applied once: a CloudEvent id
 * seen before is skipped, and so is an event whose {@code sequence} is not above the last one applied to its
 * resource (records of one resource share a key, hence a partition, hence their order).
 */
public final class UserDirectoryConsumer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_TYPES = "dev.scimledger.user-";

    /** A user as the directory keeps it. */
    public record User(String id, String userName, boolean active, JsonNode attributes) {
        User withActive(boolean active) {
            return new User(id, userName, active, attributes);
        }

        User withAttributes(JsonNode attributes) {
            return new User(id, userName, active, attributes);
        }
    }

    private final String tenantId;
    private final Map<String, User> users = new TreeMap<>();
    private final Set<String> seenEventIds = new HashSet<>();
    private final Map<String, String> lastSequenceBySubject = new HashMap<>();

    /** Reads the data of an event published by reference, from its {@code dataref}; null when none can be read. */
    private final Function<String, byte[]> dataByReference;

    public UserDirectoryConsumer(String tenantId) {
        this(tenantId, null);
    }

    /** {@code dataByReference} fetches a {@code dataref} (relative to the service's URL), null for none. */
    public UserDirectoryConsumer(String tenantId, Function<String, byte[]> dataByReference) {
        this.tenantId = tenantId;
        this.dataByReference = dataByReference;
    }

    /** Fetches a {@code dataref} from the service's admin API. */
    public static Function<String, byte[]> fromAdminApi(String serviceUrl, String adminToken) {
        HttpClient http = HttpClient.newHttpClient();
        return dataref -> {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(serviceUrl).resolve(dataref))
                        .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + dataref + " answered " + response.statusCode());
                }
                return response.body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: UserDirectoryConsumer BOOTSTRAP_SERVERS TOPIC TENANT_ID [SERVICE_URL ADMIN_TOKEN]");
            System.exit(2);
        }
        UserDirectoryConsumer directory = new UserDirectoryConsumer(args[2],
                args.length == 5 ? fromAdminApi(args[3], args[4]) : null);
        directory.consume(args[0], args[1], caughtUp -> false, Duration.ofSeconds(5), Duration.ofDays(365));
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(directory.users().values()));
    }

    /**
     * Reads {@code topic} from its earliest offset, as a new consumer group, until {@code done} holds or no record has
     * come for {@code quiet}, or {@code deadline} has passed.
     */
    public void consume(String bootstrapServers, String topic, Predicate<UserDirectoryConsumer> done, Duration quiet,
                        Duration deadline) {
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "user-directory-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + deadline.toNanos();
            long lastRecord = System.nanoTime();
            while (!done.test(this) && System.nanoTime() < end && System.nanoTime() - lastRecord < quiet.toNanos()) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record.value());
                    lastRecord = System.nanoTime();
                }
            }
        }
    }

    /** Applies one event of the topic; false when it was skipped (another tenant's, a repeat, or out of date). */
    public boolean apply(CloudEvent event) {
        if (!tenantId.equals(event.getExtension("tenantid")) || !seenEventIds.add(event.getId())) {
            return false;
        }
        // zero-padded, so text order is number order
        String sequence = String.valueOf(event.getExtension("sequence"));
        String last = lastSequenceBySubject.get(event.getSubject());
        if (last != null && sequence.compareTo(last) <= 0) {
            return false;
        }
        lastSequenceBySubject.put(event.getSubject(), sequence);
        if (event.getType().startsWith(USER_TYPES) && event.getType().contains(".v")) {
            applyUserEvent(kind(event.getType()), data(event));
        }
        return true;
    }

    private void applyUserEvent(String kind, JsonNode data) {
        String userId = data.path("userId").asText();
        switch (kind) {
            case "user-created", "user-imported" -> users.put(userId, new User(userId, data.path("userName").asText(),
                    data.path("active").asBoolean(), data.path("attributes")));
            case "user-attributes-changed" -> users.computeIfPresent(userId,
                    (id, user) -> user.withAttributes(data.path("attributes")));
            case "user-deactivated" -> users.computeIfPresent(userId, (id, user) -> user.withActive(false));
            case "user-reactivated" -> users.computeIfPresent(userId, (id, user) -> user.withActive(true));
            // on erasure, drop everything kept of the person: here the whole entry
            case "user-deleted", "user-erased" -> users.remove(userId);
            default -> {
                // user-adopted changes nothing kept here; kinds added later are ignored until understood
            }
        }
    }

    /** {@code dev.scimledger.user-created.v1} is the kind {@code user-created}, revision 1. */
    private static String kind(String type) {
        String kindAndRevision = type.substring("dev.scimledger.".length());
        return kindAndRevision.substring(0, kindAndRevision.lastIndexOf(".v"));
    }

    private JsonNode data(CloudEvent event) {
        Object dataref = event.getExtension("dataref");
        try {
            if (dataref != null) {
                if (dataByReference == null) {
                    throw new IllegalStateException("event " + event.getId() + " was published by reference (" + dataref
                            + "): give the directory the service's URL and an admin token to fetch it");
                }
                return JSON.readTree(dataByReference.apply(dataref.toString()));
            }
            return event.getData() == null ? JSON.createObjectNode() : JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The users by id. */
    public Map<String, User> users() {
        return Collections.unmodifiableMap(users);
    }

    /** How many distinct events of the tenant have been read, of any kind. */
    public int eventsRead() {
        return seenEventIds.size();
    }
}
