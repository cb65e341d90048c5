package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.projection.ProcessorPosition;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An append transaction that commits long after others that took later positions in the log (AxonFramework issue
 * 4829): its event still reaches every projection and Kafka, and a rolled-back append's gap does not linger.
 */
class LateCommitTest extends RunningService {

    /** Axon's JDBC engine drops a gap whose neighbouring events are older than this (its default gap timeout). */
    private static final Duration AXON_GAP_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PAUSED = List.of("audit-trail", "kafka-publisher", "event-chain");
    /** The tracking processors; the read model is written inline, in the late transaction itself. */
    private static final List<String> PROCESSORS = List.of("audit-trail", "kafka-publisher", "event-chain");

    @Autowired
    CommandGateway commands;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    ObjectMapper json;
    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${scim.kafka.topic}")
    String topic;

    @Test
    void anAppendThatCommitsAfterTheGapTimeoutReachesEveryProjectionAndKafka() throws Exception {
        TenantAccess tenant = newTenant();
        // Three processors stop before the late event's neighbours are written and start again only when those
        // neighbours are older than Axon's gap timeout: reading them, Axon's own engine drops every gap below them.
        PAUSED.forEach(name -> processor(name).shutDown());
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        String lateUserId = UUID.randomUUID().toString();
        AtomicLong heldIndex = new AtomicLong();
        CompletableFuture<Void> held;
        List<String> neighbours = new ArrayList<>();
        TrackingToken startedLate;
        try {
            held = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                commands.sendAndWait(createUser(tenant.tenantId(), lateUserId, "late@example.com"));
                heldIndex.set(lateIndex(lateUserId)); // visible to its own transaction only
                appended.countDown();
                await(commit, Duration.ofMinutes(3));
            }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).as("the held append").isTrue();
            long lateIndex = heldIndex.get();
            Instant appendedAt = Instant.now();

            for (int i = 0; i < 5; i++) {
                Response created = call("POST", BASE + "/Users", tenant.token(), """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"neighbour-%d@example.com"}"""
                        .formatted(i));
                assertThat(created.status()).isEqualTo(201);
                neighbours.add(created.text("/id"));
            }
            long neighboursEnd = head();
            assertThat(neighboursEnd).as("the neighbours took later positions").isGreaterThan(lateIndex);
            assertThat(call("GET", BASE + "/Users/" + lateUserId, tenant.token(), null).status())
                    .as("the held append is not visible").isEqualTo(404);

            TimeUnit.MILLISECONDS.sleep(Math.max(0,
                    Duration.between(Instant.now(), appendedAt.plus(AXON_GAP_TIMEOUT).plusSeconds(5)).toMillis()));
            // A node that starts reading now (a worker started or restarted; in this JVM the processors share the
            // event store's cache of what they read while the neighbours were fresh) reads from the storage engine.
            startedLate = readPast(GapAwareTrackingToken.newInstance(lateIndex - 1, Set.of()), neighboursEnd);
            assertThat(((GapAwareTrackingToken) startedLate).getGaps()).as("a reader starting after the gap timeout")
                    .contains(lateIndex);
            PAUSED.forEach(name -> processor(name).start());
            for (String name : PROCESSORS) {
                awaitPosition(name, neighboursEnd);
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE resource_id = ANY(?)",
                    Integer.class, (Object) neighbours.toArray(String[]::new))).isEqualTo(5);
        } finally {
            commit.countDown();
            PAUSED.forEach(name -> processor(name).start());
        }
        held.get(1, TimeUnit.MINUTES);

        // the late event, committed more than the gap timeout after its neighbours, reaches every processor
        long lateIndex = lateIndex(lateUserId);
        assertThat(lateIndex).isEqualTo(heldIndex.get());
        try (Stream<? extends TrackedEventMessage<?>> afterCommit = storage.readEvents(startedLate, false)) {
            assertThat(afterCommit.findFirst()).as("the late starter's next event")
                    .hasValueSatisfying(event -> assertThat(event.getIdentifier()).isEqualTo(eventId(lateIndex)));
        }
        for (String name : PROCESSORS) {
            awaitPosition(name, lateIndex);
        }
        Response late = call("GET", BASE + "/Users/" + lateUserId, tenant.token(), null);
        assertThat(late.status()).as("read model").isEqualTo(200);
        assertThat(late.text("/userName")).isEqualTo("late@example.com");
        String lateEventId = eventId(lateIndex);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event_id = ?", Integer.class, lateEventId))
                .as("audit trail").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_chain WHERE event_id = ?", Integer.class, lateEventId))
                .as("hash chain").isEqualTo(1);
        assertThat(PublishedEvents.read(bootstrapServers, topic,
                read -> read.stream().anyMatch(r -> r.event().getId().equals(lateEventId)), Duration.ofMinutes(1)))
                .as("Kafka").anyMatch(r -> r.event().getId().equals(lateEventId));
    }

    @Test
    void aRolledBackAppendLeavesNoGapBehind() throws Exception {
        TenantAccess tenant = newTenant();
        long before = head();
        try {
            new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                commands.sendAndWait(createUser(tenant.tenantId(), UUID.randomUUID().toString(), "rolled-back@example.com"));
                throw new RollBack();
            });
        } catch (RollBack expected) {
            // the append's index is never used
        }
        Response after = call("POST", BASE + "/Users", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"after-rollback@example.com"}""");
        assertThat(after.status()).isEqualTo(201);
        long end = head();
        List<Long> unused = jdbc.queryForList("""
                SELECT i FROM generate_series(?::bigint, ?::bigint) i
                WHERE NOT EXISTS (SELECT 1 FROM domain_event_entry WHERE global_index = i)""", Long.class, before + 1, end);
        assertThat(unused).as("the rolled-back append's index").isNotEmpty();

        for (String name : PROCESSORS) {
            awaitPosition(name, end);
        }
        // More writes make every processor fetch again, which is when a gap that can no longer be filled is dropped.
        Instant deadline = Instant.now().plusSeconds(30);
        while (!unused.stream().allMatch(gap -> processorGaps().stream().noneMatch(gap::equals))) {
            assertThat(Instant.now()).as("gaps %s still in the tokens: %s", unused, processorGaps()).isBefore(deadline);
            call("POST", BASE + "/Users", tenant.token(), """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nudge-%s@example.com"}"""
                    .formatted(UUID.randomUUID()));
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static final class RollBack extends RuntimeException {
    }

    private CommandMessage<CreateUserCommand> createUser(String tenantId, String userId, String userName) {
        ObjectNode attributes = JSON.createObjectNode().put("userName", userName);
        return GenericCommandMessage.<CreateUserCommand>asCommandMessage(
                new CreateUserCommand(userId, tenantId, attributes, true, Instant.now())).andMetaData(Map.of(
                RequestMetadata.TENANT_ID, tenantId, RequestMetadata.TOKEN_ID, "late-commit-test"));
    }

    private EventProcessor processor(String name) {
        return processing.eventProcessor(name).orElseThrow();
    }

    private long head() {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
    }

    private String eventId(long index) {
        return jdbc.queryForObject("SELECT event_identifier FROM domain_event_entry WHERE global_index = ?",
                String.class, index);
    }

    /** The token of a reader that starts at {@code from} and reads the log up to {@code until}. */
    private TrackingToken readPast(TrackingToken from, long until) {
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, false)) {
            return events.map(TrackedEventMessage::trackingToken)
                    .filter(token -> token.position().orElseThrow() >= until).findFirst().orElseThrow();
        }
    }

    private long lateIndex(String userId) {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, userId);
    }

    private void awaitPosition(String processor, long position) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!ProcessorPosition.caughtUp(jdbc, json, processor, position)) {
            assertThat(Instant.now()).as("%s reaches %d", processor, position).isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private List<Long> processorGaps() {
        List<Long> gaps = new ArrayList<>();
        for (byte[] token : jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ANY(?)",
                byte[].class, (Object) PROCESSORS.toArray(String[]::new))) {
            JsonNode tracked = ProcessorPosition.trackingToken(json, token);
            if (tracked != null) {
                tracked.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
            }
        }
        return gaps;
    }

    private static void await(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
