package dev.scimledger.messages.operator;

import java.time.Instant;

public record RevokeAdminApiKeyCommand(String keyId, String actor, Instant at) {
}
