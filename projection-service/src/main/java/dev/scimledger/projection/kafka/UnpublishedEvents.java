package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.Segment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which events of the log the publisher has not published yet, by its tokens. An event belongs to the segment whose
 * mask matches its aggregate identifier (the publisher sequences per aggregate), and is still to be published when
 * its global index is above that segment's token index, or is one of that token's gaps: a gap that exists now was
 * committed after the segment passed it, so the processor will still deliver it.
 */
final class UnpublishedEvents {

    /** The index of a segment that has not passed any event: no token yet, or a replay from the start. */
    static final long NOTHING_PASSED = -1;

    private final Segment[] segments;
    private final Map<Integer, Long> indexes;
    private final Map<Integer, Set<Long>> gaps;

    private UnpublishedEvents(Segment[] segments, Map<Integer, Long> indexes, Map<Integer, Set<Long>> gaps) {
        this.segments = segments;
        this.indexes = indexes;
        this.gaps = gaps;
    }

    /**
     * {@code tokens} by segment id, each the gap-aware token's JSON or null (unreadable, none yet); no segment at all
     * (the publisher never ran) leaves the whole log to publish.
     */
    static UnpublishedEvents of(Map<Integer, JsonNode> tokens) {
        if (tokens.isEmpty()) {
            return new UnpublishedEvents(new Segment[]{Segment.ROOT_SEGMENT}, Map.of(0, NOTHING_PASSED), Map.of(0, Set.of()));
        }
        Map<Integer, Long> indexes = new HashMap<>();
        Map<Integer, Set<Long>> gaps = new HashMap<>();
        tokens.forEach((segment, token) -> {
            boolean readable = token != null && token.path("index").canConvertToLong();
            indexes.put(segment, readable ? token.path("index").asLong() : NOTHING_PASSED);
            Set<Long> segmentGaps = new HashSet<>();
            if (readable) {
                token.path("gaps").forEach(gap -> segmentGaps.add(gap.asLong()));
            }
            gaps.put(segment, segmentGaps);
        });
        Segment[] segments = Segment.computeSegments(tokens.keySet().stream().mapToInt(Integer::intValue).toArray());
        return new UnpublishedEvents(segments, indexes, gaps);
    }

    /** Every segment has passed the events up to here: the ones above it must be looked at one by one. */
    long lowestIndex() {
        return indexes.values().stream().mapToLong(Long::longValue).min().orElse(NOTHING_PASSED);
    }

    /** The gaps of every segment's token, which may hold late commits below {@link #lowestIndex()}. */
    Set<Long> gaps() {
        Set<Long> all = new HashSet<>();
        gaps.values().forEach(all::addAll);
        return all;
    }

    /** Whether the event at {@code globalIndex} of {@code aggregateIdentifier}, which exists, is still to be published. */
    boolean pending(long globalIndex, String aggregateIdentifier) {
        for (Segment segment : segments) {
            if (segment.matches(aggregateIdentifier)) {
                int id = segment.getSegmentId();
                return globalIndex > indexes.get(id) || gaps.get(id).contains(globalIndex);
            }
        }
        // no segment takes it (a segment's row is missing): no processor thread will publish it
        return true;
    }
}
