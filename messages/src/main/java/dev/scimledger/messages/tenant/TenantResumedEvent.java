package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record TenantResumedEvent(String tenantId, String actor, Instant at) implements TenantEvent {
}
