package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant is gone: its tokens stop working, its name is free again, the read model drops its resources. Its
 * history stays in the log.
 */
@Revision("1")
public record TenantDeletedEvent(String tenantId, String actor, Instant at) implements TenantEvent {
}
