package dev.scimledger.scim.schema;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resource types one tenant's SCIM clients see: User and Group with the service's own schemas and the extensions
 * the tenant declared ({@link DeclaredSchemas}). What {@code /Schemas} and {@code /ResourceTypes} advertise, what a
 * write is validated against, what a filter may name: one value, so they cannot disagree.
 */
public record ResourceTypes(ResourceSchema user, ResourceSchema group) {

    /** The service's own: core User with the enterprise extension, and core Group. */
    public static final ResourceTypes STANDARD = new ResourceTypes(ResourceSchema.USER, ResourceSchema.GROUP);

    /** The standard types with declared extensions (read by {@link DeclaredSchemas}) joined to them. */
    public static ResourceTypes declared(List<Schema> userExtensions, List<Schema> groupExtensions) {
        if (userExtensions.isEmpty() && groupExtensions.isEmpty()) {
            return STANDARD;
        }
        return new ResourceTypes(ResourceSchema.USER.withExtensions(userExtensions),
                ResourceSchema.GROUP.withExtensions(groupExtensions));
    }

    public List<ResourceSchema> all() {
        return List.of(user, group);
    }

    /** The resource type named {@code name} ({@code User}, {@code Group}), matched case-insensitively. */
    public Optional<ResourceSchema> byName(String name) {
        return all().stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Every schema of every resource type, core schemas first in resource type order, by lower-case URN. */
    public Map<String, Schema> schemasByUrn() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (ResourceSchema type : all()) {
            schemas.putIfAbsent(type.coreSchema().id().toLowerCase(Locale.ROOT), type.coreSchema());
            type.extensions().forEach(e -> schemas.putIfAbsent(e.id().toLowerCase(Locale.ROOT), e));
        }
        return schemas;
    }
}
