package dev.scimledger.gateway.provisioning;

import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.ResourceSchema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attributes a write named that no schema of its resource type defines, under the tenant's policy
 * ({@code unknownAttributes}): refused, or left out and collected here, so that the answer and the provisioning log
 * can say what was not stored. One per request, filled by the provisioning services, read by the web layer.
 */
public final class IgnoredAttributes {

    /**
     * The answer's header that names them (comma-separated; characters outside printable ASCII percent-encoded as
     * UTF-8), which the provisioning log records too.
     */
    public static final String HEADER = "Scim-Ignored-Attributes";

    private final Set<String> names = new LinkedHashSet<>();

    public List<String> names() {
        return List.copyOf(names);
    }

    /** Adds what another write left out (a Bulk's operation that succeeded, into the Bulk's). */
    public void addAll(IgnoredAttributes other) {
        names.addAll(other.names);
    }

    /**
     * Applies the tenant's policy to what a write names but no schema defines: under {@code reject} a 400 of
     * {@code type} naming them (nothing is written), under {@code ignore} they are noted here.
     */
    void apply(ScimCaller caller, ResourceSchema schema, List<String> unknown, ScimErrorType type) {
        if (unknown.isEmpty()) {
            return;
        }
        if (caller.settings().rejectsUnknownAttributes()) {
            throw ScimException.invalid(type, (unknown.size() == 1 ? "The attribute " : "The attributes ")
                    + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are") + " in no schema of the "
                    + schema.name() + " resource type (see /Schemas); nothing was written. This tenant refuses "
                    + "unknown attributes (its setting unknownAttributes is reject)");
        }
        names.addAll(unknown);
    }
}
