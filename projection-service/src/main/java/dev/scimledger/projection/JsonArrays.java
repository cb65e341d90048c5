package dev.scimledger.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows a query aggregated into one column ({@code json_agg} of {@code json_build_array}s), so that a resource and
 * its members or groups come from one statement, and so one snapshot.
 */
public final class JsonArrays {

    private JsonArrays() {
    }

    /** Each element of the JSON array {@code text} as {@code row} maps it; {@code what} names the column in errors. */
    public static <T> List<T> rows(ObjectMapper json, String text, String what, Function<JsonNode, T> row) {
        List<T> rows = new ArrayList<>();
        try {
            for (JsonNode element : json.readTree(text)) {
                rows.add(row.apply(element));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + what, e);
        }
        return List.copyOf(rows);
    }
}
