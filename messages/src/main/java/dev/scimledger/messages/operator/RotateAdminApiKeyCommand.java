package dev.scimledger.messages.operator;

import java.time.Instant;

/** Give a live admin API key a new secret (its digest only: see {@link IssueAdminApiKeyCommand}). */
public record RotateAdminApiKeyCommand(String keyId, String digest, String actor, Instant at) {
    @Override
    public String toString() {
        return "RotateAdminApiKeyCommand[keyId=" + keyId + ", actor=" + actor + "]";
    }
}
