package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.projection.ProcessorPosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whether an event counts as still to be published, by the publisher's tokens. The aggregate identifiers are chosen
 * by their hash: "a" (97) falls in segment 1 of two and of four, "b" (98) in segment 0 of two and 2 of four, "d" (100)
 * in segment 0 of both.
 */
class UnpublishedEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "[{0}] event {1} of {2} -> pending {3}")
    @CsvSource(delimiter = '|', value = {
            // the publisher never ran: the whole log is to publish
            "                                                                   | 1  | a | true",
            // both segments past the event, or not
            "0={\"index\":10,\"gaps\":[]} ; 1={\"index\":10,\"gaps\":[]}          | 10 | a | false",
            "0={\"index\":10,\"gaps\":[]} ; 1={\"index\":10,\"gaps\":[]}          | 11 | a | true",
            // only the event's own segment counts
            "0={\"index\":5,\"gaps\":[]} ; 1={\"index\":20,\"gaps\":[]}           | 12 | a | false",
            "0={\"index\":5,\"gaps\":[]} ; 1={\"index\":20,\"gaps\":[]}           | 12 | b | true",
            // a late commit into its segment's gap is still to publish; another segment's gap is not its business
            "0={\"index\":20,\"gaps\":[7]} ; 1={\"index\":20,\"gaps\":[]}         | 7  | b | true",
            "0={\"index\":20,\"gaps\":[7]} ; 1={\"index\":20,\"gaps\":[]}         | 7  | a | false",
            "0={\"index\":20,\"gaps\":[7]} ; 1={\"index\":20,\"gaps\":[]}         | 8  | b | false",
            // a segment without a token, or with one that cannot be read, has published nothing
            "0=null ; 1={\"index\":20,\"gaps\":[]}                               | 3  | b | true",
            "0={\"unexpected\":1} ; 1={\"index\":20,\"gaps\":[]}                 | 3  | b | true",
            // during a replay, the token being advanced
            "0={\"tokenAtReset\":{\"index\":50,\"gaps\":[]},\"currentToken\":{\"index\":3,\"gaps\":[]}} ; 1={\"index\":50,\"gaps\":[]} | 4 | d | true",
            "0={\"tokenAtReset\":{\"index\":50,\"gaps\":[]},\"currentToken\":null} ; 1={\"index\":50,\"gaps\":[]}                     | 1 | d | true",
            "0={\"tokenAtReset\":{\"index\":50,\"gaps\":[]},\"currentToken\":{\"index\":30,\"gaps\":[]}} ; 1={\"index\":50,\"gaps\":[]} | 4 | d | false",
            // four segments, masks of two bits
            "0={\"index\":10,\"gaps\":[]} ; 1={\"index\":10,\"gaps\":[]} ; 2={\"index\":5,\"gaps\":[]} ; 3={\"index\":10,\"gaps\":[]} | 8 | b | true",
            "0={\"index\":10,\"gaps\":[]} ; 1={\"index\":10,\"gaps\":[]} ; 2={\"index\":5,\"gaps\":[]} ; 3={\"index\":10,\"gaps\":[]} | 8 | d | false",
            "0={\"index\":10,\"gaps\":[]} ; 1={\"index\":10,\"gaps\":[]} ; 2={\"index\":5,\"gaps\":[]} ; 3={\"index\":10,\"gaps\":[]} | 8 | a | false",
    })
    void pending(String tokens, long globalIndex, String aggregateIdentifier, boolean expected) {
        assertEquals(expected, UnpublishedEvents.of(tokens(tokens)).pending(globalIndex, aggregateIdentifier));
    }

    @ParameterizedTest(name = "[{0}] -> lowest index {1}, gaps {2}")
    @CsvSource(delimiter = '|', value = {
            "                                                                   | -1 | ''",
            "0={\"index\":10,\"gaps\":[4]} ; 1={\"index\":7,\"gaps\":[2,5]}       | 7  | 2 4 5",
            "0=null ; 1={\"index\":7,\"gaps\":[]}                                | -1 | ''",
    })
    void lowestIndexAndGaps(String tokens, long lowest, String gaps) {
        UnpublishedEvents unpublished = UnpublishedEvents.of(tokens(tokens));
        assertEquals(lowest, unpublished.lowestIndex());
        assertEquals(new TreeSet<>(gaps.isBlank() ? Set.of() : Arrays.stream(gaps.split(" ")).map(Long::valueOf).toList()),
                new TreeSet<>(unpublished.gaps()));
    }

    /** {@code segment=token ; ...}, each token as {@code token_entry} holds it, read as the query handler reads it. */
    private static Map<Integer, JsonNode> tokens(String table) {
        Map<Integer, JsonNode> tokens = new TreeMap<>();
        if (table == null || table.isBlank()) {
            return tokens;
        }
        for (String entry : table.split(" ; ")) {
            String[] parts = entry.trim().split("=", 2);
            byte[] token = parts[1].equals("null") ? null : parts[1].getBytes(StandardCharsets.UTF_8);
            tokens.put(Integer.valueOf(parts[0]), ProcessorPosition.trackingToken(JSON, token));
        }
        return tokens;
    }
}
