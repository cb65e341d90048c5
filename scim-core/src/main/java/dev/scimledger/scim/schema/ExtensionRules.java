package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

/**
 * The characteristics of an extension's attributes that hold across a resource's writes, so that what
 * {@code /Schemas} says of them is what the service does (RFC 7643 §2.2, §7):
 * <ul>
 *   <li>{@code required}: once a resource carries the extension, it carries each required attribute (and each value of
 *       a complex attribute its required sub-attributes); the extension itself is never required
 *       ({@code /ResourceTypes} says {@code required: false}), so a resource without it is fine;</li>
 *   <li>{@code mutability: immutable}: a value, once set, is never changed or removed (it may be set when absent).</li>
 * </ul>
 * Checked on the normalised attributes, before and after a write; a breach is a 400 naming the attribute.
 */
public final class ExtensionRules {

    private ExtensionRules() {
    }

    /**
     * @param before the resource's attributes before the write (normalised), or null for a new resource
     * @param after  its attributes after the write (normalised)
     */
    public static void check(ResourceSchema type, JsonNode before, JsonNode after) {
        for (Schema extension : type.extensions()) {
            JsonNode was = before == null ? null : before.get(extension.id());
            JsonNode is = after.get(extension.id());
            for (AttributeDefinition attribute : extension.attributes()) {
                String label = extension.id() + ":" + attribute.name();
                JsonNode old = was == null ? null : was.get(attribute.name());
                JsonNode now = is == null ? null : is.get(attribute.name());
                if (attribute.mutability() == Mutability.IMMUTABLE && present(old) && !old.equals(now)) {
                    throw ScimException.invalid(ScimErrorType.MUTABILITY, label + " is immutable: it was " + old
                            + " and cannot " + (present(now) ? "change" : "be removed"));
                }
                if (is == null || !is.isObject()) {
                    continue;
                }
                if (attribute.required() && !present(now)) {
                    throw ScimException.invalid(ScimErrorType.INVALID_VALUE, label + " is required when a resource "
                            + "carries " + extension.id());
                }
                if (attribute.isComplex() && present(now)) {
                    for (JsonNode value : now.isArray() ? now : java.util.List.of(now)) {
                        for (AttributeDefinition sub : attribute.subAttributes()) {
                            if (sub.required() && !present(value.get(sub.name()))) {
                                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, label + "." + sub.name()
                                        + " is required in each value of " + label);
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !(value.isArray() && value.isEmpty())
                && !(value.isTextual() && value.asText().isEmpty());
    }
}
