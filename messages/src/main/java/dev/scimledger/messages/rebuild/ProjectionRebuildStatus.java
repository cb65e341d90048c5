package dev.scimledger.messages.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * A rebuild as recorded: {@code status} running, completed, failed or abandoned (its node stopped or stopped beating);
 * while running, {@code phase} replaying or comparing. Progress: {@code eventsApplied} of about {@code eventsTotal}
 * (the log's head when it started), {@code lastPosition} in the log, {@code eventsPerSecond} of the replay. Result,
 * when completed: {@code verdict} equal, different or inconclusive (rows kept moving through every comparison round);
 * {@code equal} true only when both SHA-256 digests, over every compared row in key order, are identical;
 * {@code differences} the first few rows that differ (or were still moving, when inconclusive), of
 * {@code differenceCount}.
 */
public record ProjectionRebuildStatus(String id, String projection, String tenantId, String status, String phase,
                                      String actor, Instant startedAt, Instant heartbeatAt, Instant finishedAt,
                                      long eventsApplied, Long eventsTotal, Long lastPosition, Double eventsPerSecond,
                                      int compareRounds, Long rowsCompared, Double compareSeconds, String verdict,
                                      Boolean equal, String liveDigest, String rebuiltDigest, Long differenceCount,
                                      List<ProjectionDifference> differences, String error) {
}
