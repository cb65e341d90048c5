package dev.scimledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a tracking processor stands in the log, read from its tokens in the database, so that the answer holds
 * whichever node runs which segment. Caught up with position X means: every segment's token is at or past X, and
 * none of the token's gaps at or below X is an event that exists now (a gap that exists was committed after the
 * processor passed it and is still to be applied; one that does not exist is a transaction that never committed).
 */
public final class ProcessorPosition {

    private ProcessorPosition() {
    }

    /**
     * Whether {@code processor} has applied every event up to {@code position}, by its tokens as the connection sees
     * them. Inside a snapshot the answer describes that snapshot's tables: a processor commits its token with the
     * rows its handlers wrote.
     */
    public static boolean caughtUp(JdbcTemplate jdbc, ObjectMapper json, String processor, long position) {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?",
                byte[].class, processor);
        return caughtUp(tokens.stream().map(token -> trackingToken(json, token)).toList(), position, gaps -> {
            Integer committed = jdbc.queryForObject(
                    "SELECT count(*) FROM event_log WHERE global_index = ANY(?)",
                    Integer.class, (Object) gaps.toArray(new Long[0]));
            return committed != null && committed > 0;
        });
    }

    /**
     * The rule itself: every segment's token (null when unreadable) at or past {@code position}, and none of their
     * gaps at or below it among the events that exist now ({@code anyExists}).
     */
    static boolean caughtUp(List<JsonNode> tokens, long position, Predicate<List<Long>> anyExists) {
        if (tokens.isEmpty()) {
            return false;
        }
        List<Long> gaps = new ArrayList<>();
        for (JsonNode tracked : tokens) {
            if (tracked == null || !tracked.path("index").canConvertToLong() || tracked.path("index").asLong() < position) {
                return false;
            }
            tracked.path("gaps").forEach(gap -> {
                if (gap.asLong() <= position) {
                    gaps.add(gap.asLong());
                }
            });
        }
        return gaps.isEmpty() || !anyExists.test(gaps);
    }

    /**
     * The gap-aware token's JSON ({@code index}, {@code gaps}); during a replay, the token being advanced. Null for
     * no token, a replay from the start, or a token this rule cannot read.
     */
    public static JsonNode trackingToken(ObjectMapper json, byte[] token) {
        if (token == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(token);
            if (node.has("currentToken")) {
                node = node.get("currentToken");
            }
            return node != null && node.has("index") ? node : null;
        } catch (java.io.IOException unreadable) {
            return null;
        }
    }
}
