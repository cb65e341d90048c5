package dev.scimledger.messages.operator;

import java.time.Instant;

/** Record that a projection's quarantine was retried, with its outcome. */
public record RecordQuarantineRetryCommand(String processor, int applied, int stillQuarantined, String actor,
                                           Instant at) {
}
