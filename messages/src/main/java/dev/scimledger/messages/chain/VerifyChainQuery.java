package dev.scimledger.messages.chain;

import java.util.List;

/**
 * Verify the event chain of one tenant ({@code tenantId}), or of every tenant (null), against the events as they are
 * now, the signed checkpoints in the database, and {@code externalCheckpoints} kept outside it (may be empty).
 */
public record VerifyChainQuery(String tenantId, List<Checkpoint> externalCheckpoints) {

    /** A signed chain head, as exported. */
    public record Checkpoint(String tenantId, long position, String hash, String signedAt, String keyId,
                             String signature) {
    }
}
