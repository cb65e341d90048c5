package dev.scimledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Collections;
import java.util.List;

/**
 * Once, on the first start after the read model became inline: applies the events that the read model's old tracking
 * processor had not applied yet (from the lowest position any of its segments had reached, a gap counting as not
 * reached) through the live handlers, then removes that processor's tokens. Runs before the node serves or
 * processes anything. The handlers are idempotent (a row moves only to a newer version), so what is applied twice,
 * by a node starting at the same moment or by an inline write meanwhile, changes nothing.
 */
public class ReadModelCatchUp implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ReadModelCatchUp.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventStorageEngine eventLog;
    private final TransactionTemplate transaction;
    private final List<EventMessageHandler> handlers;

    ReadModelCatchUp(JdbcTemplate jdbc, ObjectMapper json, EventStorageEngine eventLog, TransactionTemplate transaction,
                     List<EventMessageHandler> handlers) {
        this.jdbc = jdbc;
        this.json = json;
        this.eventLog = eventLog;
        this.transaction = transaction;
        this.handlers = handlers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?", byte[].class,
                InlineReadModelAutoConfiguration.PROCESSING_GROUP);
        if (tokens.isEmpty()) {
            return;
        }
        long from = Long.MAX_VALUE; // the highest position below which every segment has applied everything
        for (byte[] token : tokens) {
            JsonNode tracked = ProcessorPosition.trackingToken(json, token);
            if (tracked == null) {
                from = 0; // a segment that never started, or a replay: everything
                break;
            }
            long reached = tracked.path("index").asLong();
            for (JsonNode gap : tracked.path("gaps")) {
                reached = Math.min(reached, gap.asLong() - 1);
            }
            from = Math.min(from, reached);
        }
        TrackingToken start = from <= 0 ? null : GapAwareTrackingToken.newInstance(from, Collections.emptySet());
        long[] applied = {0};
        LogReplay.replay(eventLog, start, transaction, BATCH, event -> {
            LogReplay.apply(handlers, event);
            applied[0]++;
        }, new LogReplay.Batches() {
        });
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", InlineReadModelAutoConfiguration.PROCESSING_GROUP);
        log.info("the read model is written inline from now on; {} events after position {} applied to catch up",
                applied[0], from);
    }
}
