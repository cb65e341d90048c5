package dev.scimledger.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.ResourceLimits;

/** What the User and Group aggregates check alike. */
public final class ResourceRules {

    private ResourceRules() {
    }

    /**
     * The resource as it would be stays within {@link ResourceLimits} (its size, each value's, each multi-valued
     * attribute's count, and externalId's bytes).
     *
     * @param type "User" or "Group"
     */
    public static void checkLimits(String type, JsonNode attributes) {
        ResourceLimits.check(type, attributes);
    }

    /**
     * Before a decision on an existing resource: another tenant's resource, or one deleted, does not exist as far
     * as the caller can tell; an {@code If-Match} version that is not the current one is stale.
     *
     * @param type "User" or "Group", as the messages name it
     */
    public static void checkTenantAndVersion(String type, String id, String tenantId, boolean deleted, long version,
                                             String commandTenantId, Long expectedVersion) {
        if (!tenantId.equals(commandTenantId) || deleted) {
            throw ScimException.notFound(type + " " + id + " not found");
        }
        if (expectedVersion != null && expectedVersion != version) {
            throw ScimException.staleVersion("If-Match names version " + expectedVersion + " but the "
                    + type.toLowerCase(java.util.Locale.ROOT) + " is at version " + version);
        }
    }
}
