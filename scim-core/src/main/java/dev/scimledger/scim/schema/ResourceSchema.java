package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resource type (RFC 7643 §6) with its core schema, its schema extensions (§3.3) and the common attributes
 * (§3.1), offering attribute lookup as RFC 7644 §3.10 prescribes: attribute names are case-insensitive, may be
 * qualified with the schema URN ({@code urn:ietf:params:scim:schemas:core:2.0:User:userName},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}) and may name a sub-attribute
 * ({@code name.givenName}). Unqualified names resolve against the core schema and the common attributes only:
 * extension attributes must be URN-qualified (§3.10). Immutable.
 */
public final class ResourceSchema {

    /** The User resource type: core User schema plus the Enterprise User extension (RFC 7643 §4.1, §4.3). */
    public static final ResourceSchema USER = new ResourceSchema("User", "/Users", "User Account",
            StandardSchemas.USER, List.of(StandardSchemas.ENTERPRISE_USER));

    /** The Group resource type (RFC 7643 §4.2); it has no extension. */
    public static final ResourceSchema GROUP = new ResourceSchema("Group", "/Groups", "Group",
            StandardSchemas.GROUP, List.of());

    /** {@code urn:ietf:params:scim:schemas:core:2.0:ResourceType} (RFC 7643 §6). */
    public static final String RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    private final String name;
    private final String endpoint;
    private final String description;
    private final Schema coreSchema;
    private final List<Schema> extensions;

    private ResourceSchema(String name, String endpoint, String description, Schema coreSchema, List<Schema> extensions) {
        this.name = name;
        this.endpoint = endpoint;
        this.description = description;
        this.coreSchema = coreSchema;
        this.extensions = List.copyOf(extensions);
    }

    /**
     * This resource type with {@code more} schema extensions besides its own (a tenant's declared ones): attribute
     * lookups, the normaliser, the patcher, {@code /Schemas} and {@code /ResourceTypes} see them all, and none of
     * them is required. Unqualified names still resolve against the core schema alone.
     *
     * @throws IllegalArgumentException when an extension's URN is this type's core schema's or another extension's
     */
    public ResourceSchema withExtensions(List<Schema> more) {
        List<Schema> all = new ArrayList<>(extensions);
        for (Schema extension : more) {
            if (all.stream().anyMatch(e -> e.id().equalsIgnoreCase(extension.id()))
                    || coreSchema.id().equalsIgnoreCase(extension.id())) {
                throw new IllegalArgumentException("the schema " + extension.id() + " is already one of " + name + "'s");
            }
            all.add(extension);
        }
        return new ResourceSchema(name, endpoint, description, coreSchema, all);
    }

    /** All resource types this library defines. */
    public static List<ResourceSchema> all() {
        return List.of(USER, GROUP);
    }

    /** The resource type name, e.g. {@code User} (RFC 7643 §6 {@code name}). */
    public String name() {
        return name;
    }

    /** The endpoint, e.g. {@code /Users} (RFC 7643 §6 {@code endpoint}). */
    public String endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    public Schema coreSchema() {
        return coreSchema;
    }

    /** The schema extensions (RFC 7643 §3.3), none of them required. */
    public List<Schema> extensions() {
        return extensions;
    }

    /** The common attributes {@code id}, {@code externalId}, {@code meta} (RFC 7643 §3.1). */
    public List<AttributeDefinition> commonAttributes() {
        return StandardSchemas.COMMON_ATTRIBUTES;
    }

    /** The URNs of the core schema and of every extension, core first. */
    public List<String> schemaUrns() {
        List<String> urns = new ArrayList<>();
        urns.add(coreSchema.id());
        extensions.forEach(e -> urns.add(e.id()));
        return List.copyOf(urns);
    }

    /** The core schema or the extension with the given URN, matched case-insensitively. */
    public Optional<Schema> schema(String urn) {
        if (urn == null) {
            return Optional.empty();
        }
        if (coreSchema.id().equalsIgnoreCase(urn)) {
            return Optional.of(coreSchema);
        }
        return extension(urn);
    }

    /** The extension with the given URN, matched case-insensitively. */
    public Optional<Schema> extension(String urn) {
        if (urn == null) {
            return Optional.empty();
        }
        for (Schema e : extensions) {
            if (e.id().equalsIgnoreCase(urn)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The attribute (or sub-attribute) designated by a possibly URN-qualified, possibly dotted name such as
     * {@code userName}, {@code NAME.givenname}, {@code urn:ietf:params:scim:schemas:core:2.0:User:name.familyName}
     * or {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
     */
    public Optional<AttributeDefinition> attribute(String attributeName) {
        return resolve(attributeName).map(ResolvedAttribute::target);
    }

    /**
     * Resolves a possibly URN-qualified, possibly dotted attribute name (RFC 7644 §3.10 {@code attrPath}). The URN
     * is separated from the attribute name at the last colon. Returns empty for unknown attributes, for more than
     * one level of sub-attribute and for a sub-attribute of a non-complex attribute. Never throws.
     */
    public Optional<ResolvedAttribute> resolve(String attributeName) {
        if (attributeName == null || attributeName.isEmpty()) {
            return Optional.empty();
        }
        String urn = null;
        String rest = attributeName;
        int colon = attributeName.lastIndexOf(':');
        if (colon >= 0) {
            urn = attributeName.substring(0, colon);
            rest = attributeName.substring(colon + 1);
        }
        String attr = rest;
        String sub = null;
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            attr = rest.substring(0, dot);
            sub = rest.substring(dot + 1);
            if (sub.indexOf('.') >= 0) {
                return Optional.empty();
            }
        }
        return resolve(urn, attr, sub);
    }

    /**
     * Resolves an attribute path given in parts (as held by a parsed filter or PATCH path).
     *
     * @param schemaUrn    the schema URN qualifying the name, or null for the core schema / common attributes
     * @param attributeName the top-level attribute name
     * @param subAttributeName the sub-attribute name, or null
     */
    public Optional<ResolvedAttribute> resolve(String schemaUrn, String attributeName, String subAttributeName) {
        if (attributeName == null) {
            return Optional.empty();
        }
        Schema schema;
        if (schemaUrn == null) {
            schema = coreSchema;
        } else {
            Optional<Schema> found = schema(schemaUrn);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            schema = found.get();
        }
        boolean extension = schema != coreSchema;
        Optional<AttributeDefinition> attr = schema.attribute(attributeName);
        if (attr.isEmpty() && !extension) {
            attr = commonAttributes().stream().filter(a -> a.name().equalsIgnoreCase(attributeName)).findFirst();
        }
        if (attr.isEmpty()) {
            return Optional.empty();
        }
        AttributeDefinition sub = null;
        if (subAttributeName != null) {
            Optional<AttributeDefinition> s = attr.get().subAttribute(subAttributeName);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            sub = s.get();
        }
        return Optional.of(new ResolvedAttribute(schema.id(), extension, attr.get(), sub));
    }

    /**
     * As {@link #resolve(String, String, String)}, and the bare name {@code manager} as the enterprise extension's
     * when the resource type has it: Microsoft's documentation shows Entra sending it so, in PATCH paths
     * ({@code "path": "manager"}) and in its manager lookup filter ({@code manager eq "…"}), though RFC 7644 §3.10
     * asks for the URN. Every other unqualified name stays the core schema's, so a tenant's own extension can never be
     * reached by surprise.
     */
    public Optional<ResolvedAttribute> resolveAsEntraSends(String schemaUrn, String attributeName,
                                                           String subAttributeName) {
        Optional<ResolvedAttribute> found = resolve(schemaUrn, attributeName, subAttributeName);
        if (found.isEmpty() && schemaUrn == null && "manager".equalsIgnoreCase(attributeName)
                && extension(StandardSchemas.ENTERPRISE_USER_URN).isPresent()) {
            return resolve(StandardSchemas.ENTERPRISE_USER_URN, attributeName, subAttributeName);
        }
        return found;
    }

    /**
     * This resource type as a resource of the {@code /ResourceTypes} endpoint (RFC 7643 §6, example §8.6), without
     * {@code meta}, which the caller adds since it knows the base URL. Extensions are listed as not required: a
     * resource may always be written without them.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("schemas").add(RESOURCE_TYPE_URN);
        o.put("id", name);
        o.put("name", name);
        o.put("endpoint", endpoint);
        o.put("description", description);
        o.put("schema", coreSchema.id());
        if (!extensions.isEmpty()) {
            ArrayNode list = o.putArray("schemaExtensions");
            extensions.forEach(e -> list.addObject().put("schema", e.id()).put("required", false));
        }
        return o;
    }

    /** The resource type named {@code name} ({@code User}, {@code Group}), matched case-insensitively. */
    public static Optional<ResourceSchema> byName(String name) {
        return all().stream().filter(r -> r.name.equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public String toString() {
        return "ResourceSchema[" + name + "]";
    }
}
