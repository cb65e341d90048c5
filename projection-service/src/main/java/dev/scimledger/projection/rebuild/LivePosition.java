package dev.scimledger.projection.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a live processor has applied every event up to a position, read from its tokens (the rule of
 * {@code ReadModelPosition}, for any processor). Read inside a snapshot, the answer describes the live tables of
 * that same snapshot: a processor commits its token with the rows its handlers wrote.
 */
final class LivePosition {

    private LivePosition() {
    }

    static boolean caughtUp(JdbcTemplate jdbc, ObjectMapper json, String processor, long position) {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?", byte[].class,
                processor);
        if (tokens.isEmpty()) {
            return false;
        }
        List<Long> gaps = new ArrayList<>();
        for (byte[] token : tokens) {
            JsonNode tracked = tracked(json, token);
            if (tracked == null || tracked.path("index").asLong(-1) < position) {
                return false;
            }
            tracked.path("gaps").forEach(gap -> {
                if (gap.asLong() <= position) {
                    gaps.add(gap.asLong());
                }
            });
        }
        if (gaps.isEmpty()) {
            return true;
        }
        // a gap is an event still to be applied only if it exists (a rolled-back transaction leaves a gap forever)
        Integer committed = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index = ANY(?)",
                Integer.class, (Object) gaps.toArray(new Long[0]));
        return committed == null || committed == 0;
    }

    /** The gap-aware token's JSON; during a replay of the live processor, the token being advanced. */
    private static JsonNode tracked(ObjectMapper json, byte[] token) {
        if (token == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(token);
            if (node.has("currentToken")) {
                node = node.get("currentToken");
            }
            return node != null && node.has("index") ? node : null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}
