package dev.scimledger.messages.operator;

import java.time.Instant;

/** Record that a projection rebuild was started (by the projection service, which has answered its id). */
public record RecordProjectionRebuildCommand(String rebuildId, String projection, String scopeTenantId, String actor,
                                             Instant at) {
}
