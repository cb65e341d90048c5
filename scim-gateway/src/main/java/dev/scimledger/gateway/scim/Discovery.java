package dev.scimledger.gateway.scim;

import dev.scimledger.scim.ScimException;

/** What the discovery endpoints (RFC 7644 §4: ServiceProviderConfig, ResourceTypes, Schemas) share. */
final class Discovery {

    private Discovery() {
    }

    /** RFC 7644 §4: "If a filter is provided, the service provider SHOULD respond with HTTP status code 403". */
    static void refuseFilter(String filter) {
        if (filter != null) {
            throw ScimException.forbidden("discovery endpoints cannot be filtered");
        }
    }
}
