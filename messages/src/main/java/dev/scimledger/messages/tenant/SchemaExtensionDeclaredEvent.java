package dev.scimledger.messages.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's {@code resourceType} now has the extension {@code urn} as {@code schema} declares it (RFC 7643 §7,
 * every characteristic explicit). {@code changedAttributes} names the attributes added, changed or removed since
 * the declaration before (all of them for a new extension).
 */
@Revision("1")
public record SchemaExtensionDeclaredEvent(String tenantId, String resourceType, String urn, ObjectNode schema,
                                           List<String> changedAttributes, String actor, Instant at)
        implements TenantEvent {
}
