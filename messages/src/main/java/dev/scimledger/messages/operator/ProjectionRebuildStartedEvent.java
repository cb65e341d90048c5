package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A projection rebuild was started (replayed beside the live projection and compared), for one tenant or all (null). */
@Revision("1")
public record ProjectionRebuildStartedEvent(String tenantId, String rebuildId, String projection, String scopeTenantId,
                                            String actor, Instant at) implements OperatorEvent {
}
