package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A tenant's history (from {@code from}, or all of it when null) is being sent to Kafka again, personal data
 * included as the live publisher would send it: a thing an auditor asks about.
 */
@Revision("1")
public record KafkaRepublicationStartedEvent(String tenantId, String republicationId, String subjectTenantId,
                                             Instant from, String actor, Instant at) implements OperatorEvent {
}
