package dev.scimledger.messages.rebuild;

/** One rebuild of {@code projection}: its progress while it runs, its result when done. */
public record ProjectionRebuildQuery(String projection, String rebuildId) {
}
