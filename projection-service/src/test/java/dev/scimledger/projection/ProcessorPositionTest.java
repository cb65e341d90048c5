package dev.scimledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When the read model counts as caught up with a position of the log, token by token. */
class ProcessorPositionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} at {1}, committed {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "{\"index\":10,\"gaps\":[]} ; {\"index\":12,\"gaps\":[]}  | 10 | -     | true",
            "{\"index\":9,\"gaps\":[]} ; {\"index\":12,\"gaps\":[]}   | 10 | -     | false",
            "{\"index\":12,\"gaps\":[7]}                               | 10 | 7     | false",
            "{\"index\":12,\"gaps\":[7]}                               | 10 | -     | true",
            "{\"index\":12,\"gaps\":[11]}                              | 10 | 11    | true",
            "{\"tokenAtReset\":{\"index\":50},\"currentToken\":{\"index\":12,\"gaps\":[]}} | 10 | - | true",
            "{\"tokenAtReset\":{\"index\":50},\"currentToken\":{\"index\":3,\"gaps\":[]}}  | 10 | - | false",
            "null                                                      | 10 | -     | false",
            "''                                                        | 10 | -     | false",
    })
    void caughtUp(String tokens, long position, String committed, boolean expected) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        if (!tokens.isBlank()) {
            for (String token : tokens.split(";")) {
                parsed.add(token.isBlank() || token.trim().equals("null") ? null : unwrap(JSON.readTree(token.trim())));
            }
        }
        Set<Long> existing = committed.equals("-") ? Set.of() : Set.of(Long.parseLong(committed));
        assertEquals(expected, ProcessorPosition.caughtUp(parsed, position, gaps -> gaps.stream().anyMatch(existing::contains)));
    }

    /** As {@code trackingToken} reads a replay token: the token being advanced. */
    private static JsonNode unwrap(JsonNode node) {
        return node.has("currentToken") ? node.get("currentToken") : node;
    }
}
