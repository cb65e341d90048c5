package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant's {@code resourceType} no longer has the extension {@code urn}: clients can no longer write, filter or
 * read it. Values stored under it stay in the log, so the resources' history still shows them.
 */
@Revision("1")
public record SchemaExtensionRemovedEvent(String tenantId, String resourceType, String urn, String actor, Instant at)
        implements TenantEvent {
}
