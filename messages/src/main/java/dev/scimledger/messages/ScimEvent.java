package dev.scimledger.messages;

import java.time.Instant;

/** What every event of the log says besides its own facts: whose it is and when it happened. */
public interface ScimEvent {
    String tenantId();

    Instant at();
}
