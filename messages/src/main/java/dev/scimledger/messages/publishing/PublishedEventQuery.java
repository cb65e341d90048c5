package dev.scimledger.messages.publishing;

/**
 * One event of a tenant's log as the Kafka publisher publishes it (its CloudEvent's data, personal data erased where
 * the person is), answered with {@link PublishedEventData}: where a CloudEvent was too large for a Kafka record, its
 * {@code dataref} leads here.
 */
public record PublishedEventQuery(String tenantId, String eventId) {
}
