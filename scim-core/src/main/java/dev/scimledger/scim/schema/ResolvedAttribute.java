package dev.scimledger.scim.schema;

/**
 * The result of resolving an attribute name or path against a {@link ResourceSchema}: the schema the
 * attribute belongs to, whether that is an extension (stored under its URN key, RFC 7643 §3.3), the
 * attribute and, for {@code name.sub} paths, the sub-attribute (RFC 7644 §3.10).
 *
 * @param schemaUrn    the URN of the schema defining the attribute (the core schema for the common
 *                     attributes {@code id}, {@code externalId} and {@code meta} of RFC 7643 §3.1)
 * @param extension    true when the attribute belongs to a schema extension
 * @param attribute    the top-level attribute
 * @param subAttribute the sub-attribute, or null when the path names the attribute itself
 */
public record ResolvedAttribute(String schemaUrn, boolean extension, AttributeDefinition attribute,
                                AttributeDefinition subAttribute) {

    /** The attribute the path designates: the sub-attribute if there is one, otherwise the attribute. */
    public AttributeDefinition target() {
        return subAttribute != null ? subAttribute : attribute;
    }

    /** The canonical spelling of the path, without the schema URN, e.g. {@code name.givenName}. */
    public String canonicalPath() {
        return subAttribute == null ? attribute.name() : attribute.name() + "." + subAttribute.name();
    }

    /** The canonical, URN-qualified spelling of the path, e.g. {@code urn:...:User:name.givenName}. */
    public String qualifiedPath() {
        return schemaUrn + ":" + canonicalPath();
    }
}
