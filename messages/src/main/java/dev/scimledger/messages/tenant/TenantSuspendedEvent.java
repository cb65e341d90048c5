package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** SCIM requests for the tenant are refused (403) until it is resumed; its data is kept. */
@Revision("1")
public record TenantSuspendedEvent(String tenantId, String reason, String actor, Instant at) implements TenantEvent {
}
