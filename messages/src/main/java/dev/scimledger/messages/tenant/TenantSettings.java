package dev.scimledger.messages.tenant;

import java.util.Locale;

/**
 * A tenant's settings. Every field may be absent (null) in a stored event or row, meaning the default, so that a
 * setting added later reads the same from old events as from new ones.
 *
 * @param groupPolicy            "lifecycle" (SCIM clients create and delete groups) or "existing" (an admin does)
 * @param workEmailImmutable     whether a provisioned work email may never change (the userName rule is not a setting)
 * @param rateLimitPerSecond     requests per second per SCIM token; null for the instance's default
 * @param tokenLifetimeDays      how long a newly issued token is valid
 * @param tokenExpiryWarningDays how long before its expiry the admin API reports a token as expiring
 * @param maxPatchOperations     operations one PATCH request may hold (more is 413 tooMany)
 * @param maxBulkOperations      operations one Bulk request may hold (ServiceProviderConfig bulk.maxOperations)
 * @param maxResults             the largest page a list or search returns (ServiceProviderConfig filter.maxResults)
 * @param unknownAttributes      what a write naming an attribute that no schema of its resource type defines gets:
 *                               "reject" (400, nothing written) or "ignore" (written without it, and the answer's
 *                               {@code Scim-Ignored-Attributes} header and the provisioning log say what was left
 *                               out). Ignore unless an admin chooses reject: Microsoft's reference SCIM suite
 *                               requires a misspelt attribute to be accepted and not stored (docs/decisions.md)
 */
public record TenantSettings(String groupPolicy, Boolean workEmailImmutable, Integer rateLimitPerSecond,
                             Integer tokenLifetimeDays, Integer tokenExpiryWarningDays, Integer maxPatchOperations,
                             Integer maxBulkOperations, Integer maxResults, String unknownAttributes) {

    public static final String LIFECYCLE = "lifecycle";
    public static final String EXISTING = "existing";
    public static final String REJECT = "reject";
    public static final String IGNORE = "ignore";
    public static final TenantSettings DEFAULTS = new TenantSettings(LIFECYCLE, true, null, 365, 30, 1000, 1000, 1000,
            IGNORE);

    public TenantSettings {
        groupPolicy = groupPolicy == null ? LIFECYCLE : groupPolicy.toLowerCase(Locale.ROOT);
        workEmailImmutable = workEmailImmutable == null || workEmailImmutable;
        tokenLifetimeDays = tokenLifetimeDays == null ? 365 : tokenLifetimeDays;
        tokenExpiryWarningDays = tokenExpiryWarningDays == null ? 30 : tokenExpiryWarningDays;
        maxPatchOperations = maxPatchOperations == null ? 1000 : maxPatchOperations;
        maxBulkOperations = maxBulkOperations == null ? 1000 : maxBulkOperations;
        maxResults = maxResults == null ? 1000 : maxResults;
        unknownAttributes = unknownAttributes == null ? IGNORE : unknownAttributes.toLowerCase(Locale.ROOT);
    }

    public boolean rejectsUnknownAttributes() {
        return REJECT.equals(unknownAttributes);
    }

    public boolean groupsExistBeforehand() {
        return EXISTING.equals(groupPolicy);
    }
}
