package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record TokenRevokedEvent(String tenantId, String tokenId, String actor, Instant at) implements TenantEvent {
}
