package dev.scimledger.messages.operator;

import java.time.Instant;

/** Make an admin API key. The gateway makes the secret and sends only its SHA-256 digest, which no event carries. */
public record IssueAdminApiKeyCommand(String keyId, String name, String role, String digest, String actor,
                                      Instant at) {
    @Override
    public String toString() {
        return "IssueAdminApiKeyCommand[keyId=" + keyId + ", name=" + name + ", role=" + role + ", actor=" + actor + "]";
    }
}
