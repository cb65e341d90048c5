package dev.scimledger.messages.publishing;

/**
 * How far the Kafka publisher is behind the event log: the events it has not published yet and the oldest of them,
 * read from its tokens, answered with {@link PublishingLag}.
 */
public record PublishingLagQuery() {
}
