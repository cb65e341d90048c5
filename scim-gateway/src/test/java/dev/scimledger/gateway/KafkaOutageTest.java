package dev.scimledger.gateway;

import dev.scimledger.infra.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes down in the middle of a stream of SCIM writes and comes back: the writes never notice, and the
 * topic ends up with every event of the log, each resource's events in order. Repeats are allowed (at least once).
 */
class KafkaOutageTest extends RunningService {

    /** Longer than the publisher's send timeout (15 s), so that sends fail and the processor retries. */
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final int WRITES_BEFORE_AND_AFTER = 40;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${scim.kafka.topic}")
    String topic;

    enum Phase { BEFORE, OUTAGE, AFTER }

    record Write(Phase phase, String method, String path, int status, String body) {
        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    @Test
    void everyEventReachesTheTopicInOrderAfterTheBrokerWasDown() throws Exception {
        TenantAccess tenant = newTenant();
        String keyPrefix = tenant.tenantId() + "/";
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
        Writer writer = new Writer(tenant.token(), phase);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(writer, runnable -> {
            Thread thread = new Thread(runnable, "scim-writer");
            thread.setDaemon(true);
            thread.start();
        });
        long restartedAt;
        try {
            try {
                writer.awaitWrites(WRITES_BEFORE_AND_AFTER);
                // the outage must interrupt a publisher that was publishing, not one that had not begun
                assertThat(PublishedEvents.read(bootstrapServers, topic,
                        read -> read.stream().anyMatch(r -> r.key().startsWith(keyPrefix)), Duration.ofMinutes(1)))
                        .anyMatch(r -> r.key().startsWith(keyPrefix));

                phase.set(Phase.OUTAGE);
                broker.stop();
                TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
            } finally {
                // whatever happened, the broker must serve the test classes that come after this one
                if (!broker.isRunning()) {
                    broker.start();
                }
                restartedAt = System.nanoTime();
                phase.set(Phase.AFTER);
            }
            writer.awaitWrites(writer.count() + WRITES_BEFORE_AND_AFTER);
        } finally {
            writer.stop();
        }
        writing.get(2, TimeUnit.MINUTES);

        List<Write> writes = writer.writes();
        assertThat(writes).filteredOn(w -> !w.succeeded()).as("SCIM writes while Kafka is down or back").isEmpty();
        assertThat(writes).filteredOn(w -> w.phase() == Phase.OUTAGE).as("writes during the outage").isNotEmpty();

        Map<String, List<LoggedEvent>> logged = loggedEvents(tenant.tenantId(), keyPrefix);
        Set<String> loggedIds = logged.values().stream().flatMap(List::stream).map(LoggedEvent::id)
                .collect(Collectors.toSet());

        AtomicLong caughtUpAt = new AtomicLong();
        List<PublishedEvents.Published> published = PublishedEvents.read(bootstrapServers, topic, read -> {
            boolean all = read.stream().map(r -> r.event().getId()).collect(Collectors.toSet()).containsAll(loggedIds);
            if (all) {
                caughtUpAt.compareAndSet(0, System.nanoTime());
            }
            return all;
        }, Duration.ofMinutes(5)).stream()
                .filter(r -> r.key().startsWith(keyPrefix))
                .sorted(Comparator.comparingInt(PublishedEvents.Published::partition)
                        .thenComparingLong(PublishedEvents.Published::offset))
                .toList();

        Set<String> publishedIds = published.stream().map(r -> r.event().getId()).collect(Collectors.toSet());
        assertThat(loggedIds).as("events of the log missing from the topic").isSubsetOf(publishedIds);
        assertThat(publishedIds).as("records that are no event of the log").isSubsetOf(loggedIds);

        Map<String, List<PublishedEvents.Published>> byKey = published.stream()
                .collect(Collectors.groupingBy(PublishedEvents.Published::key, LinkedHashMap::new, Collectors.toList()));
        assertThat(byKey.keySet()).isEqualTo(logged.keySet());
        logged.forEach((key, events) -> {
            List<PublishedEvents.Published> records = byKey.get(key);
            assertThat(records).extracting(PublishedEvents.Published::partition).as("one resource, one partition: %s", key)
                    .containsOnly(records.get(0).partition());
            Set<String> seen = new HashSet<>();
            List<PublishedEvents.Published> firstOfEach = records.stream().filter(r -> seen.add(r.event().getId())).toList();
            assertThat(firstOfEach).extracting(PublishedEvents.Published::sequence)
                    .as("sequence of %s without repeats", key)
                    .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
            assertThat(firstOfEach).extracting(r -> r.event().getId()).as("event ids of %s in sequence order", key)
                    .containsExactlyElementsOf(events.stream().map(LoggedEvent::id).toList());
        });

        long outageWrites = writes.stream().filter(w -> w.phase() == Phase.OUTAGE).count();
        System.out.printf("Kafka outage of %d s: %d SCIM writes (%d during the outage, all 2xx); %d events of %d resources"
                        + " in the log; %d records on the topic, %d of them repeats; topic complete %.1f s after the restart%n",
                OUTAGE.toSeconds(), writes.size(), outageWrites, loggedIds.size(), logged.size(), published.size(),
                published.size() - publishedIds.size(), (caughtUpAt.get() - restartedAt) / 1e9);
    }

    record LoggedEvent(String id, long sequence) {
    }

    /** The tenant's events in the log, by Kafka key, each resource's in sequence order. */
    private Map<String, List<LoggedEvent>> loggedEvents(String tenantId, String keyPrefix) {
        Map<String, List<LoggedEvent>> byKey = new LinkedHashMap<>();
        jdbc.query("""
                        SELECT event_identifier, aggregate_identifier, sequence_number FROM domain_event_entry
                        WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?
                        ORDER BY aggregate_identifier, sequence_number""",
                rs -> {
                    byKey.computeIfAbsent(keyPrefix + rs.getString("aggregate_identifier"), k -> new ArrayList<>())
                            .add(new LoggedEvent(rs.getString("event_identifier"), rs.getLong("sequence_number")));
                }, tenantId);
        return byKey;
    }

    /**
     * Provisions users and groups as a directory sync would: creates, attribute PATCHes, membership changes,
     * deletes of users (which also leave their groups) and of groups.
     */
    private final class Writer implements Runnable {

        private final String token;
        private final AtomicReference<Phase> phase;
        private final List<Write> writes = new ArrayList<>();
        private final List<String> users = new ArrayList<>();
        private final Map<String, List<String>> groups = new LinkedHashMap<>();
        private volatile boolean stopped;

        Writer(String token, AtomicReference<Phase> phase) {
            this.token = token;
            this.phase = phase;
        }

        @Override
        public void run() {
            try {
                writeRounds();
            } finally {
                synchronized (this) {
                    stopped = true;
                    notifyAll();
                }
            }
        }

        private void writeRounds() {
            for (int round = 0; !stopped; round++) {
                String user = createUser();
                write("PATCH", "/Users/" + user, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Round "
                        + round + "\"},{\"op\":\"replace\",\"path\":\"active\",\"value\":" + (round % 2 == 0) + "}]"));
                if (round % 3 == 2 && users.size() >= 2) {
                    createGroup(round);
                }
                if (!groups.isEmpty()) {
                    changeMembers(round, user);
                }
                if (round % 4 == 3) {
                    deleteUser(users.get(0));
                }
                if (round % 10 == 9) {
                    String group = groups.keySet().iterator().next();
                    write("DELETE", "/Groups/" + group, null);
                    groups.remove(group);
                }
            }
        }

        private String createUser() {
            Response created = write("POST", "/Users", entraUser(unique("outage"), UUID.randomUUID().toString()));
            String id = created.text("/id");
            users.add(id);
            return id;
        }

        private void createGroup(int round) {
            List<String> members = new ArrayList<>(users.subList(users.size() - 2, users.size()));
            Response created = write("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Outage " + round + "\",\"members\":[{\"value\":\"" + members.get(0) + "\"},"
                    + "{\"value\":\"" + members.get(1) + "\"}]}");
            groups.put(created.text("/id"), members);
        }

        private void changeMembers(int round, String user) {
            List<String> groupIds = new ArrayList<>(groups.keySet());
            String group = groupIds.get(round % groupIds.size());
            List<String> members = groups.get(group);
            if (round % 2 == 0 && !members.isEmpty()) {
                String leaving = members.remove(0);
                write("PATCH", "/Groups/" + group, patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                        + leaving + "\\\"]\"}]"));
            } else if (!members.contains(user)) {
                members.add(user);
                write("PATCH", "/Groups/" + group, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + user + "\"}]}]"));
            }
        }

        private void deleteUser(String user) {
            write("DELETE", "/Users/" + user, null);
            users.remove(user);
            groups.values().forEach(members -> members.remove(user));
        }

        private Response write(String method, String path, String body) {
            Phase at = phase.get();
            Response response = scim(method, path, token, body);
            synchronized (this) {
                writes.add(new Write(at, method, path, response.status(), response.status() < 300 ? null : response.body().toString()));
                notifyAll();
            }
            return response;
        }

        synchronized int count() {
            return writes.size();
        }

        synchronized List<Write> writes() {
            return List.copyOf(writes);
        }

        /** Waits until {@code total} writes have been answered, or the writer has failed. */
        synchronized void awaitWrites(int total) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (writes.size() < total && !stopped && System.nanoTime() < end) {
                wait(1_000);
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
