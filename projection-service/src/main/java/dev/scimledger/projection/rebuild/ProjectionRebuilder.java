package dev.scimledger.projection.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.rebuild.ProjectionRebuildQuery;
import dev.scimledger.messages.rebuild.ProjectionRebuildStatus;
import dev.scimledger.messages.rebuild.ProjectionRebuildsQuery;
import dev.scimledger.messages.rebuild.StartProjectionRebuildCommand;
import dev.scimledger.projection.BackgroundRuns;
import dev.scimledger.projection.LogReplay;
import dev.scimledger.projection.ProcessorPosition;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rebuilds a projection from the event log beside the live one, while the service keeps serving, and proves the two
 * equal (or names where they are not).
 *
 * <p>Replay: the shadow tables are emptied, then every event of the log, read through the event store from the start,
 * goes to fresh instances of the projection's own handler classes writing the shadow tables, a few hundred events per
 * transaction, progress recorded after each. A thread of its own does it; the command answers at once.
 *
 * <p>ShadowComparison: the live projection keeps moving meanwhile, so each round runs in one REPEATABLE READ snapshot:
 * the shadow is caught up to the end of the log as that snapshot sees it, the live processor's tokens in the same
 * snapshot tell whether it has applied all of it too, and every row is compared (see {@link ShadowComparison}). A round in
 * which no row is still moving gives the answer; otherwise the next round waits for the live processor to catch up
 * first. After the last round the answer is inconclusive.
 */
class ProjectionRebuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventStorageEngine eventLog;
    private final TransactionTemplate transaction;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate starting;
    private final RebuildRecords records;
    private final RebuildProperties properties;
    private final String node = ManagementFactory.getRuntimeMXBean().getName();
    private final BackgroundRuns runs = new BackgroundRuns("projection-rebuild");

    ProjectionRebuilder(JdbcTemplate jdbc, ObjectMapper json, EventStorageEngine eventLog,
                        PlatformTransactionManager transactions, RebuildProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.eventLog = eventLog;
        this.properties = properties;
        this.records = new RebuildRecords(jdbc, json, properties.staleAfter());
        this.transaction = new TransactionTemplate(transactions);
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        // the record of a new rebuild commits before its runner looks for it, whatever transaction the command is in
        this.starting = new TransactionTemplate(transactions);
        starting.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @CommandHandler
    String handle(StartProjectionRebuildCommand command) {
        RebuildableProjection projection = RebuildableProjection.named(command.projection());
        String id = starting.execute(status -> records.start(projection.processor(), command.tenantId(),
                command.actor(), node, jdbc.queryForObject("SELECT max(global_index) FROM event_log", Long.class)));
        log.info("rebuild {} of {} started by {}", id, projection.processor(), command.actor());
        runs.start(() -> run(id, projection, command.tenantId()));
        return id;
    }

    @QueryHandler
    ProjectionRebuildStatus handle(ProjectionRebuildQuery query) {
        RebuildableProjection projection = RebuildableProjection.named(query.projection());
        records.abandonStale();
        return records.find(projection.processor(), query.rebuildId()).orElseThrow(() -> ScimException.notFound(
                "no rebuild " + query.rebuildId() + " of " + projection.processor()));
    }

    @QueryHandler
    List<ProjectionRebuildStatus> handle(ProjectionRebuildsQuery query) {
        RebuildableProjection projection = RebuildableProjection.named(query.projection());
        records.abandonStale();
        return records.list(projection.processor(), 100);
    }

    /** What the shadow has applied so far, and where in the log it stands. */
    private static final class Shadow {
        final List<EventMessageHandler> handlers;
        TrackingToken token;
        long applied;

        Shadow(List<EventMessageHandler> handlers) {
            this.handlers = handlers;
        }

        Long position() {
            return token == null ? null : token.position().stream().boxed().findFirst().orElse(null);
        }

        void apply(TrackedEventMessage<?> event) {
            LogReplay.apply(handlers, event);
            token = event.trackingToken();
            applied++;
        }
    }

    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("the service stopped during the rebuild");
        }
    }

    private void run(String id, RebuildableProjection projection, String tenantId) {
        try {
            Shadow shadow = new Shadow(projection.shadowHandlers(jdbc, json));
            replay(id, projection, shadow);
            compare(id, projection, tenantId, shadow);
        } catch (Stopping stopped) {
            records.finish(id, "abandoned", stopped.getMessage());
        } catch (RebuildRecords.NoLongerRunning takenOver) {
            log.warn("rebuild {} of {} stopped: {}", id, projection.processor(), takenOver.getMessage());
        } catch (RuntimeException failure) {
            log.error("rebuild {} of {} failed", id, projection.processor(), failure);
            try {
                records.finish(id, "failed", failure.toString());
            } catch (RuntimeException unrecorded) {
                log.error("rebuild {}: the failure could not be recorded", id, unrecorded);
            }
        }
    }

    private void replay(String id, RebuildableProjection projection, Shadow shadow) {
        transaction.executeWithoutResult(status -> projection.shadowTables()
                .forEach(table -> jdbc.update("DELETE FROM " + table)));
        long started = System.nanoTime();
        LogReplay.replay(eventLog, null, transaction, properties.batchSize(), shadow::apply, new LogReplay.Batches() {
            @Override
            public void before() {
                if (runs.stopping()) {
                    throw new Stopping();
                }
            }

            @Override
            public void after() {
                double seconds = (System.nanoTime() - started) / 1e9;
                records.progress(id, "replaying", shadow.applied, shadow.position(),
                        seconds > 0 ? shadow.applied / seconds : null, 0);
            }
        });
    }

    private void compare(String id, RebuildableProjection projection, String tenantId, Shadow shadow) {
        long started = System.nanoTime();
        records.progress(id, "comparing", shadow.applied, shadow.position(), null, 0);
        ShadowComparison.Result result = null;
        for (int round = 1; round <= properties.compareRounds(); round++) {
            if (runs.stopping()) {
                throw new Stopping();
            }
            result = snapshot.execute(status -> {
                // the first statement fixes the snapshot: the log's end, the live tokens and both sides as of then
                long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_log", Long.class);
                // an inline projection's rows commit with their events: in any snapshot it has applied the whole log
                boolean liveCaughtUp = projection.inline()
                        || ProcessorPosition.caughtUp(jdbc, json, projection.processor(), head);
                try (Stream<? extends TrackedEventMessage<?>> events = eventLog.readEvents(shadow.token, false)) {
                    events.forEach(shadow::apply);
                }
                return ShadowComparison.of(jdbc, projection, tenantId, liveCaughtUp, properties.differencesShown());
            });
            records.progress(id, "comparing", shadow.applied, shadow.position(), null, round);
            if (result.movingCount() == 0) {
                records.complete(id, result.differenceCount() == 0 ? "equal" : "different", result,
                        (System.nanoTime() - started) / 1e9, round);
                log.info("rebuild {} of {}: {} after {} events, {} rows compared", id, projection.processor(),
                        result.differenceCount() == 0 ? "equal" : "different", shadow.applied, result.rows());
                return;
            }
            awaitLive(projection);
        }
        records.complete(id, "inconclusive", result, (System.nanoTime() - started) / 1e9, properties.compareRounds());
    }

    /** Until the live processor has applied the log as it is now, or the wait is over. */
    private void awaitLive(RebuildableProjection projection) {
        if (projection.inline()) {
            return;
        }
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM event_log", Long.class);
        long deadline = System.nanoTime() + properties.liveWait().toNanos();
        while (!runs.stopping() && System.nanoTime() < deadline && !ProcessorPosition.caughtUp(jdbc, json, projection.processor(), head)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        runs.stop();
    }
}
