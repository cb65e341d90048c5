package dev.scimledger.gateway.provisioninglog;

import java.time.Instant;

/**
 * One SCIM request as the provisioning log keeps it.
 *
 * @param tenantId        null when the request was refused before its token was known
 * @param resourceType    {@code User}, {@code Group}, {@code Bulk}, a discovery endpoint's name, or null
 * @param resourceId      the resource the request named, or the one it created
 * @param outcome         accepted (1xx to 3xx), refused (4xx) or failed (5xx)
 * @param scimType        the SCIM error's {@code scimType}, when there is one
 * @param detail          the SCIM error's {@code detail}, when there is one
 * @param requestId       the request's id, as on its events in the audit trail
 * @param clientRequestId Entra's {@code client-request-id}, when sent
 * @param ignoredAttributes the attributes the write named that no schema defines, left out under the tenant's
 *                        {@code ignore} policy (as its {@code Scim-Ignored-Attributes} header said), or null
 */
public record ProvisioningRequest(long id, Instant at, String tenantId, String tokenId, String method, String path,
                                  String resourceType, String resourceId, int status, String outcome, String scimType,
                                  String detail, double latencyMs, String requestId, String clientRequestId,
                                  String clientAddress, String ignoredAttributes) {

    static String outcome(int status) {
        return status >= 500 ? "failed" : status >= 400 ? "refused" : "accepted";
    }
}
