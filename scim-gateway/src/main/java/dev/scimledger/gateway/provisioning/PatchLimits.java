package dev.scimledger.gateway.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchRequest;

/** A PATCH request as a tenant allows it, checked before any command exists. */
final class PatchLimits {

    private PatchLimits() {
    }

    /** Malformed operations are a 400; more operations than the tenant's {@code maxPatchOperations} a 413 tooMany. */
    static void check(JsonNode patchRequest, ScimCaller caller) {
        int operations = PatchRequest.parse(patchRequest).size();
        int maxPatchOperations = caller.settings().maxPatchOperations();
        if (operations > maxPatchOperations) {
            throw ScimException.tooMany("a PATCH request may hold at most "
                    + maxPatchOperations + " operations; this one has " + operations);
        }
    }
}
