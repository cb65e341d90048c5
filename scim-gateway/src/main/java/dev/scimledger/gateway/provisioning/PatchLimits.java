package dev.scimledger.gateway.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.patch.PatchRequest;

import java.util.List;

/** A PATCH request as a tenant allows it, checked before any command exists. */
final class PatchLimits {

    private PatchLimits() {
    }

    /**
     * The request's operations, parsed once for the command to carry: malformed operations are a 400, more
     * operations than the tenant's {@code maxPatchOperations} a 413 tooMany.
     */
    static List<PatchOperation> operations(JsonNode patchRequest, ScimCaller caller) {
        List<PatchOperation> operations = PatchRequest.parse(patchRequest);
        int maxPatchOperations = caller.settings().maxPatchOperations();
        if (operations.size() > maxPatchOperations) {
            throw ScimException.tooMany("a PATCH request may hold at most "
                    + maxPatchOperations + " operations; this one has " + operations.size());
        }
        return operations;
    }
}
