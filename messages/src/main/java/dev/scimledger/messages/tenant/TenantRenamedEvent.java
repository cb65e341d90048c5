package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record TenantRenamedEvent(String tenantId, String name, String previousName, String actor, Instant at)
        implements TenantEvent {
}
