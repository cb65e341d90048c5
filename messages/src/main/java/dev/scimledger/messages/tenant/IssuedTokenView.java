package dev.scimledger.messages.tenant;

import java.time.Instant;

/** What issuing or rotating leaves: the new token's id, name and expiry (the token itself only the gateway knows). */
public record IssuedTokenView(String tenantId, String tokenId, String name, Instant createdAt, Instant expiresAt,
                              Instant replacedValidUntil) {
}
