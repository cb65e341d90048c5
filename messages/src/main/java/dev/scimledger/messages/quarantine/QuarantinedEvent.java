package dev.scimledger.messages.quarantine;

import java.time.Instant;

/**
 * An event a tracking projection set aside instead of stopping on it.
 *
 * @param heldBehind null when this event failed itself; else the id of the earlier event of the same resource it
 *                   waits behind (a resource's events are applied in order or not at all)
 * @param reason     why: the failure as the projection met it, or that it is held
 */
public record QuarantinedEvent(String processor, String eventId, long globalIndex, String aggregateId,
                               long sequenceNumber, String tenantId, String eventType, String heldBehind, String reason,
                               Instant quarantinedAt, int attempts, Instant lastAttemptAt) {
}
