package dev.scimledger.messages.publishing;

/**
 * How far one tracking processor ({@code audit-trail}, {@code event-chain}, {@code kafka-publisher}) is behind the
 * event log, from its tokens: answered with a {@link PublishingLag} whose {@code topic} is null.
 */
public record ProcessorLagQuery(String processor) {

    /** The Kafka publisher's processor, whose lag is the publishing lag. */
    public static final String KAFKA_PUBLISHER = "kafka-publisher";
}
