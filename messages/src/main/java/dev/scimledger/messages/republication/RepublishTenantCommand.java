package dev.scimledger.messages.republication;

import java.time.Instant;

/**
 * Publish a tenant's history again, to the same topic as the same CloudEvents, for a new consumer: every event of
 * {@code tenantId} recorded at or after {@code from} (null: its whole history), in the log's order, each tagged with
 * the re-publication's id. Answers the re-publication's {@link RepublicationStatus} at its start.
 */
public record RepublishTenantCommand(String tenantId, Instant from, String actor) {
}
