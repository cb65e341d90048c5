package dev.scimledger.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

/** What the User and Group aggregates check alike. */
public final class ResourceRules {

    /** The longest externalId a resource may carry (RFC 7643 §3.1 sets none; the read model indexes it). */
    public static final int MAX_EXTERNAL_ID_LENGTH = 1024;

    private ResourceRules() {
    }

    /** A resource's externalId, when it has one, is at most {@value #MAX_EXTERNAL_ID_LENGTH} characters. */
    public static void checkExternalId(JsonNode attributes) {
        JsonNode externalId = attributes.get("externalId");
        if (externalId != null && externalId.asText().length() > MAX_EXTERNAL_ID_LENGTH) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                    "externalId is longer than " + MAX_EXTERNAL_ID_LENGTH + " characters");
        }
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
