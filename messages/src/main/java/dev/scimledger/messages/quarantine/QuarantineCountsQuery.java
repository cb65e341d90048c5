package dev.scimledger.messages.quarantine;

/** How many events each projection holds in its quarantine: answered with a {@link QuarantineCount} per projection. */
public record QuarantineCountsQuery() {
}
