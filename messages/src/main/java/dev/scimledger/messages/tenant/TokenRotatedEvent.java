package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Token {@code tokenId} was replaced by a new token {@code newTokenId}; the old one keeps working until
 * {@code oldValidUntil} (the overlap the admin chose, at most 24 hours).
 */
@Revision("1")
public record TokenRotatedEvent(String tenantId, String tokenId, String newTokenId, String newName,
                                Instant newExpiresAt, Instant oldValidUntil, String actor, Instant at)
        implements TenantEvent {
}
