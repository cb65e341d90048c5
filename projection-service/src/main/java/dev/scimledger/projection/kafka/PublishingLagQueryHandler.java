package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.publishing.PublishingLag;
import dev.scimledger.messages.publishing.ProcessorLagQuery;
import dev.scimledger.messages.publishing.PublishingLagQuery;
import dev.scimledger.projection.ProcessorPosition;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far the Kafka publisher is behind the log, from its tokens in the database (whichever node runs which segment):
 * the events still to publish and when the oldest was appended. The events above the lowest segment's index are read
 * one by one (identifier and time only, streamed), at most {@code scim.kafka.lag-scan-limit} of them; a longer backlog
 * is reported as at least that long.
 */
@Component
class PublishingLagQueryHandler {

    private static final int FETCH_SIZE = 2_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final KafkaPublisherProperties properties;
    private final TransactionTemplate snapshot;

    PublishingLagQueryHandler(JdbcTemplate jdbc, ObjectMapper json, KafkaPublisherProperties properties,
                              PlatformTransactionManager transactions) {
        // a fetch size streams the rows only inside a transaction (PostgreSQL's cursors); one snapshot for tokens and log
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.json = json;
        this.properties = properties;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @QueryHandler
    PublishingLag handle(PublishingLagQuery query) {
        return snapshot.execute(status -> measure(KafkaEventPublisher.PROCESSING_GROUP, properties.topic()));
    }

    /** Any tracking processor's lag, measured as the publisher's is (the tokens' gaps counted as pending). */
    @QueryHandler
    PublishingLag handle(ProcessorLagQuery query) {
        return snapshot.execute(status -> measure(query.processor(), null));
    }

    private PublishingLag measure(String processor, String topic) {
        Instant observedAt = Instant.now();
        Map<Integer, JsonNode> tokens = new TreeMap<>();
        jdbc.query("SELECT segment, token FROM token_entry WHERE processor_name = ?",
                (RowCallbackHandler) rs -> tokens.put(rs.getInt(1), ProcessorPosition.trackingToken(json, rs.getBytes(2))),
                processor);
        UnpublishedEvents unpublished = UnpublishedEvents.of(tokens);
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM event_log", Long.class);
        long lowest = unpublished.lowestIndex();
        Backlog backlog = new Backlog(unpublished, properties.lagScanLimit());

        Set<Long> gaps = unpublished.gaps();
        if (!gaps.isEmpty()) {
            jdbc.query("""
                            SELECT global_index, aggregate_identifier, time_stamp FROM event_log
                            WHERE global_index = ANY(?) AND global_index <= ?""",
                    backlog, gaps.toArray(new Long[0]), lowest);
        }
        if (head != null && head > lowest) {
            jdbc.query("""
                            SELECT global_index, aggregate_identifier, time_stamp FROM event_log
                            WHERE global_index > ? ORDER BY global_index LIMIT ?""",
                    backlog, lowest, properties.lagScanLimit() + 1L);
        }
        return new PublishingLag(topic, backlog.pending, !backlog.cut, backlog.oldest,
                tokens.isEmpty() ? null : lowest, head, observedAt);
    }

    /** Counts the pending events among the rows it is shown, up to the limit. */
    private static final class Backlog implements RowCallbackHandler {

        private final UnpublishedEvents unpublished;
        private final long limit;
        private long read;
        private long pending;
        private boolean cut;
        private Instant oldest;

        Backlog(UnpublishedEvents unpublished, long limit) {
            this.unpublished = unpublished;
            this.limit = limit;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            if (read >= limit) {
                cut = true;
                return;
            }
            read++;
            if (unpublished.pending(rs.getLong(1), rs.getString(2))) {
                pending++;
                Instant appended = Instant.parse(rs.getString(3));
                if (oldest == null || appended.isBefore(oldest)) {
                    oldest = appended;
                }
            }
        }
    }
}
