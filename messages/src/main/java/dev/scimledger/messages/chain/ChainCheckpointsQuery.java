package dev.scimledger.messages.chain;

/** The signed checkpoints of one tenant (or all, null), oldest first, for keeping outside the database. */
public record ChainCheckpointsQuery(String tenantId) {
}
