package dev.scimledger.projection.kafka;

import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.republication.RepublicationQuery;
import dev.scimledger.messages.republication.RepublicationStatus;
import dev.scimledger.messages.republication.RepublishTenantCommand;
import dev.scimledger.projection.BackgroundRuns;
import dev.scimledger.projection.PayloadBytes;
import dev.scimledger.scim.ScimException;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Publishes a tenant's history again for a new consumer: its events recorded at or after a chosen time, read from
 * the log through the event store (so personal data is decrypted, or reads as erased) in the log's order, each sent
 * as the record the live publisher sent ({@link EventRecords}) with the re-publication's id in the
 * {@code republication} extension. A thread of its own does it, a few hundred events per transaction; the command
 * answers at once. Progress is kept in memory: a re-publication cut short by a restart is not resumed, it is run
 * again (consumers skip the repeats by event id).
 */
class TenantRepublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TenantRepublisher.class);
    private static final int BATCH_SIZE = 200;

    private final EventRecords records;
    private final JdbcTemplate jdbc;
    private final EventStorageEngine eventLog;
    private final TransactionTemplate transaction;
    private final Map<String, RepublicationStatus> republications = new ConcurrentHashMap<>();
    private final BackgroundRuns runs = new BackgroundRuns("tenant-republication");

    TenantRepublisher(EventRecords records, JdbcTemplate jdbc, EventStorageEngine eventLog,
                      PlatformTransactionManager transactions) {
        this.records = records;
        this.jdbc = jdbc;
        this.eventLog = eventLog;
        this.transaction = new TransactionTemplate(transactions);
    }

    @CommandHandler
    RepublicationStatus handle(RepublishTenantCommand command) throws InterruptedException {
        // a broker that cannot be reached fails the command itself, not a run nobody watches
        KafkaProducer<String, CloudEvent> producer = records.producer("scim-event-republisher");
        try {
            records.ensureTopics();
        } catch (RuntimeException unreachable) {
            producer.close();
            throw unreachable;
        }
        String id = UUID.randomUUID().toString();
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_log", Long.class);
        RepublicationStatus started = new RepublicationStatus(id, command.tenantId(), command.from(), command.actor(),
                "running", 0, null, Instant.now(), null, null);
        republications.put(id, started);
        log.info("re-publication {} of tenant {} from {} started by {}", id, command.tenantId(), command.from(),
                command.actor());
        runs.start(() -> run(started, producer, head));
        return started;
    }

    @QueryHandler
    RepublicationStatus handle(RepublicationQuery query) {
        RepublicationStatus status = republications.get(query.republicationId());
        if (status == null || !status.tenantId().equals(query.tenantId())) {
            throw ScimException.notFound("no re-publication " + query.republicationId() + " of tenant " + query.tenantId());
        }
        return status;
    }

    private void run(RepublicationStatus started, KafkaProducer<String, CloudEvent> producer, long head) {
        try (producer) {
            Progress progress = new Progress(started);
            try (Stream<? extends TrackedEventMessage<?>> events = eventLog.readEvents(startingPoint(started), false)) {
                Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                boolean more = true;
                while (more) {
                    if (runs.stopping()) {
                        throw new IllegalStateException("the service stopped during the re-publication");
                    }
                    // the event store reads its next batch inside this transaction, and the erasure check's share
                    // locks hold until the batch is acknowledged
                    more = Boolean.TRUE.equals(transaction.execute(status -> sendBatch(started, producer, head,
                            iterator, progress)));
                    republications.put(started.id(), progress.status("running", null, null));
                }
            }
            republications.put(started.id(), progress.status("completed", Instant.now(), null));
            log.info("re-publication {} of tenant {}: {} events", started.id(), started.tenantId(), progress.published);
        } catch (RuntimeException failure) {
            log.error("re-publication {} of tenant {} failed", started.id(), started.tenantId(), failure);
            RepublicationStatus last = republications.get(started.id());
            republications.put(started.id(), new RepublicationStatus(last.id(), last.tenantId(), last.from(),
                    last.actor(), "failed", last.eventsPublished(), last.lastPosition(), last.startedAt(), Instant.now(),
                    failure.toString()));
        }
    }

    /**
     * Just before the tenant's first event at or after {@code from}: the log before it need not be read. Found by the
     * tenant's id in the payload's bytes ({@link PayloadBytes}); an earlier match of another tenant only starts the
     * reading sooner, as every event read is checked for its tenant.
     */
    private TrackingToken startingPoint(RepublicationStatus started) {
        Long first = jdbc.queryForObject("""
                SELECT min(global_index) FROM event_log
                WHERE position(? IN payload) > 0 AND time_stamp::timestamptz >= ?""", Long.class,
                PayloadBytes.member(records.json(), "tenantId", started.tenantId()),
                Timestamp.from(started.from() == null ? Instant.EPOCH : started.from()));
        return first == null || first <= 1 ? null : GapAwareTrackingToken.newInstance(first - 1, Collections.emptySet());
    }

    private Boolean sendBatch(RepublicationStatus started, KafkaProducer<String, CloudEvent> producer, long head,
                              Iterator<? extends TrackedEventMessage<?>> iterator, Progress progress) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Long position = progress.position;
        for (int read = 0; read < BATCH_SIZE && iterator.hasNext(); read++) {
            TrackedEventMessage<?> message = iterator.next();
            long at = message.trackingToken().position().orElseThrow();
            if (at > head) {
                // written after the re-publication started: the live publisher sends it
                awaitAll(sent);
                progress.sent(sent.size(), position);
                return false;
            }
            position = at;
            Object tenant = message.getMetaData().get(RequestMetadata.TENANT_ID);
            if (tenant != null && !tenant.equals(started.tenantId())) {
                // another tenant's event: its payload (and any personal data in it) is not even read
                continue;
            }
            if (message instanceof DomainEventMessage<?> domain && message.getPayload() instanceof ScimEvent event
                    && event.tenantId().equals(started.tenantId())
                    && (started.from() == null || !message.getTimestamp().isBefore(started.from()))) {
                sent.add(producer.send(records.record(event, domain, records.data(event), started.id())));
            }
        }
        awaitAll(sent);
        progress.sent(sent.size(), position);
        return iterator.hasNext();
    }

    private void awaitAll(List<Future<RecordMetadata>> sent) {
        long timeout = records.properties().sendTimeout().toMillis();
        for (Future<RecordMetadata> send : sent) {
            try {
                send.get(timeout, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (Exception e) {
                throw new IllegalStateException("an event was not sent: " + e.getMessage(), e);
            }
        }
    }

    /** What has been sent and acknowledged so far. */
    private static final class Progress {
        final RepublicationStatus started;
        long published;
        Long position;

        Progress(RepublicationStatus started) {
            this.started = started;
        }

        void sent(int count, Long lastPosition) {
            published += count;
            position = lastPosition;
        }

        RepublicationStatus status(String status, Instant finishedAt, String error) {
            return new RepublicationStatus(started.id(), started.tenantId(), started.from(), started.actor(), status,
                    published, position, started.startedAt(), finishedAt, error);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        runs.stop();
    }
}
