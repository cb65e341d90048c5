package dev.scimledger.messages.publishing;

import java.time.Duration;
import java.time.Instant;

/**
 * The events of the log not yet published to Kafka, as the publisher's tokens tell at {@code observedAt}.
 *
 * @param topic             the topic the events are published to
 * @param pending           how many events are not published yet; a lower bound when {@code exact} is false
 * @param exact             false when the backlog was too long to count in full, so only its first part was
 * @param oldestPendingAt   when the oldest of the events counted was appended; null when none is pending
 * @param publishedPosition the global index every segment of the publisher has passed (events at or below it are
 *                          published, but for late commits in its gaps); null before the publisher ever ran
 * @param headPosition      the global index of the last event in the log; null for an empty log
 * @param observedAt        when the tokens and the log were read
 */
public record PublishingLag(String topic, long pending, boolean exact, Instant oldestPendingAt, Long publishedPosition,
                            Long headPosition, Instant observedAt) {

    /** How long the oldest pending event has waited by {@code now}: zero when none is pending. */
    public Duration oldestPendingAge(Instant now) {
        if (oldestPendingAt == null || oldestPendingAt.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestPendingAt, now);
    }
}
