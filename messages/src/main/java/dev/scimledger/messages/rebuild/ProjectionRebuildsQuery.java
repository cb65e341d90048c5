package dev.scimledger.messages.rebuild;

/** The rebuilds of {@code projection}, most recent first. */
public record ProjectionRebuildsQuery(String projection) {
}
