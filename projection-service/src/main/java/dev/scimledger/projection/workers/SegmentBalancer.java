package dev.scimledger.projection.workers;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shares each tracking processor's segments among the worker nodes that are alive.
 * <p>
 * Axon's tracking processor claims every segment it has a thread for, and each node has a thread per segment (so
 * that one node alone processes everything, and a survivor can take over all of a dead node's segments): the first
 * worker to start would hold them all and the others would only stand by. So each worker renews a row per processor
 * it runs in {@code projection_worker} every {@link #INTERVAL}, counts for each processor the nodes seen running it
 * within {@link #ALIVE_WITHIN}, and releases the segments it holds beyond its share (segments divided by those nodes,
 * rounded up) for {@link #RELEASE_FOR}, long enough for another of them to claim them (each looks for unclaimed
 * segments every second). Counting per processor keeps a segment from being handed to nodes that do not run it. A
 * node that dies stops renewing its row; its segments are taken over by the others once its claims time out (10 s).
 * Time is the database's, so the nodes' clocks do not matter.
 */
public class SegmentBalancer implements SmartLifecycle {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration ALIVE_WITHIN = Duration.ofSeconds(10);
    static final Duration RELEASE_FOR = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final String nodeId;
    private ScheduledExecutorService schedule;

    public SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, TokenStore tokens, String nodeId) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.tokens = tokens;
        this.nodeId = nodeId;
    }

    @Override
    public synchronized void start() {
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        schedule.execute(this::forgetNodesLongGone);
        schedule.scheduleWithFixedDelay(this::balanceQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
            try {
                // gone at once for the others, instead of after ALIVE_WITHIN
                jdbc.update("DELETE FROM projection_worker WHERE node_id = ?", nodeId);
            } catch (RuntimeException e) {
                log.debug("could not remove this worker's row", e);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }

    /** Started after the processors (Axon's lifecycle phases are below this), stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** Rows of nodes killed without their stop (which removes its own rows), once per start: they count for nothing. */
    private void forgetNodesLongGone() {
        try {
            jdbc.update("DELETE FROM projection_worker WHERE seen_at < now() - interval '1 day'");
        } catch (RuntimeException e) {
            log.debug("could not remove the rows of long-gone workers: {}", e.toString());
        }
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            // the database may be down for a while: the processors retry on their own, and so does this
            log.debug("segment balancing skipped: {}", e.toString());
        }
    }

    private void balance() {
        List<TrackingEventProcessor> processors = trackingProcessors();
        jdbc.batchUpdate("""
                INSERT INTO projection_worker (node_id, processor_name, seen_at) VALUES (?, ?, now())
                ON CONFLICT (node_id, processor_name) DO UPDATE SET seen_at = now()""",
                processors.stream().map(processor -> new Object[]{nodeId, processor.getName()}).toList());
        Map<String, Integer> nodes = new HashMap<>();
        jdbc.query("""
                SELECT processor_name, count(*) FROM projection_worker WHERE seen_at > now() - ?::interval
                GROUP BY processor_name""",
                row -> {
                    nodes.put(row.getString(1), row.getInt(2));
                }, ALIVE_WITHIN.toSeconds() + " seconds");
        for (TrackingEventProcessor processor : processors) {
            int running = nodes.getOrDefault(processor.getName(), 1);
            int segments = tokens.fetchSegments(processor.getName()).length;
            int share = (segments + running - 1) / running;
            List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
            for (int segment : held.subList(Math.min(share, held.size()), held.size())) {
                log.info("{} holds {} of {} segments with {} nodes running it: releasing segment {} for another",
                        processor.getName(), held.size(), segments, running, segment);
                processor.releaseSegment(segment, RELEASE_FOR.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private List<TrackingEventProcessor> trackingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast).toList();
    }
}
