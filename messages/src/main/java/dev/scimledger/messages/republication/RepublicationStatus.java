package dev.scimledger.messages.republication;

import java.time.Instant;

/**
 * A re-publication of a tenant's history: {@code status} running, completed or failed; {@code eventsPublished} so
 * far (of the tenant's events at or after {@code from}); {@code lastPosition} how far it has read the log (a global
 * index).
 */
public record RepublicationStatus(String id, String tenantId, Instant from, String actor, String status,
                                  long eventsPublished, Long lastPosition, Instant startedAt, Instant finishedAt,
                                  String error) {
}
