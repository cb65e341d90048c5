package dev.scimledger.gateway;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker hands segments to the other workers alive: with a second worker announced in {@code projection_worker}
 * for the Kafka publisher, this node keeps its share of its segments (half of two: one) and releases the other
 * for the other worker to claim, and keeps the processors the other does not run; once the other is gone, it takes the
 * released segments back.
 */
class SegmentBalancingTest extends RunningService {

    private static final String OTHER = "4242@another-worker";
    private static final Map<String, Integer> ALL = Map.of("kafka-publisher", 2, "audit-trail", 1, "event-chain", 1);

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aWorkerKeepsItsShareAndTakesTheRestBackWhenTheOtherIsGone() throws Exception {
        await("alone, this node holds every segment", () -> held().equals(ALL));
        try {
            // alive for the next minute, as if it renewed its row every few seconds
            // runs the publisher, not the audit trail or the chain (whose one segment stays here)
            jdbc.update("""
                    INSERT INTO projection_worker (node_id, processor_name, seen_at)
                    VALUES (?, ?, now() + interval '1 minute')""", OTHER, "kafka-publisher");
            await("each processor down to its share", () -> held().equals(Map.of(
                    "kafka-publisher", 1, "audit-trail", 1, "event-chain", 1)));
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM token_entry WHERE processor_name = 'kafka-publisher' AND owner IS NULL""",
                    Integer.class)).as("the released segment, free for the other worker").isEqualTo(1);
        } finally {
            jdbc.update("DELETE FROM projection_worker WHERE node_id = ?", OTHER);
        }
        await("every segment back on this node", () -> held().equals(ALL));
    }

    private Map<String, Integer> held() {
        return Map.of("kafka-publisher", held("kafka-publisher"), "audit-trail", held("audit-trail"),
                "event-chain", held("event-chain"));
    }

    private int held(String processor) {
        return processing.eventProcessor(processor, TrackingEventProcessor.class).orElseThrow().processingStatus().size();
    }

    private void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.get()) {
            assertThat(Instant.now()).as(what + ": " + held()).isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
