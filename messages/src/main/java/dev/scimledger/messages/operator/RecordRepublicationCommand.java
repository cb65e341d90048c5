package dev.scimledger.messages.operator;

import java.time.Instant;

/** Record that a tenant's re-publication to Kafka was started (its id answered by the projection service). */
public record RecordRepublicationCommand(String republicationId, String subjectTenantId, Instant from, String actor,
                                         Instant at) {
}
