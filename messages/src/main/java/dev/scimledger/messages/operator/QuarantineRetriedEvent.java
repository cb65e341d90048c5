package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A projection's quarantined events were applied again: how many went through and how many are still set aside. */
@Revision("1")
public record QuarantineRetriedEvent(String tenantId, String processor, int applied, int stillQuarantined, String actor,
                                     Instant at) implements OperatorEvent {
}
