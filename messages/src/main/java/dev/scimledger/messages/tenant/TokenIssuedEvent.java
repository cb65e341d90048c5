package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A SCIM token was issued. The token itself, and its digest, are never part of an event. */
@Revision("1")
public record TokenIssuedEvent(String tenantId, String tokenId, String name, Instant expiresAt, String actor, Instant at)
        implements TenantEvent {
}
