package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A tenant was created, with these settings. */
@Revision("1")
public record TenantCreatedEvent(String tenantId, String name, TenantSettings settings, String actor, Instant at)
        implements TenantEvent {
}
