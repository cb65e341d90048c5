package dev.scimledger.projection.user;

import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.scim.schema.ResourceSchema;

import java.util.Map;

/**
 * Where each User attribute is in {@code scim_user}, for filters and sortBy: the attributes a column of its own
 * holds (the ones the read model indexes or computes), the user's groups in the group memberships, every other one
 * in the {@code attributes} jsonb.
 */
final class UserTable {

    /**
     * A user's groups (RFC 7643 §4.1.2): the groups it is a direct member of, one row per group, with the columns
     * {@code groups.value}, {@code .display} and {@code .type} are compared by. {@code groups.$ref} depends on the
     * URL a client called and is not searchable, like {@code meta.location}.
     */
    static final String GROUPS = """
            SELECT m.group_id, sg.display_name, 'direct'::text AS membership_type
            FROM scim_group_member m JOIN scim_group sg ON sg.group_id = m.group_id
            WHERE m.member_id = scim_user.user_id AND NOT sg.deleted""";

    /**
     * {@code active} is only a column (it is a command's flag, not part of the stored attributes); {@code id} and
     * {@code meta} are computed by the server, {@code groups} by the read model from group memberships.
     * {@code meta.location} depends on the URL a client called and is not searchable.
     */
    static final JsonbFilterSql SEARCH = JsonbFilterSql.builder(ResourceSchema.USER, "attributes", "user_id")
            .notNullColumn("id", "user_id")
            .notNullColumn("userName", "user_name")
            .column("externalId", "external_id")
            .column("displayName", "display_name")
            .notNullColumn("active", "active")
            .notNullColumn("meta.created", "created")
            .notNullColumn("meta.lastModified", "last_modified")
            .column("meta.version", "('W/\"' || version || '\"')")
            .column("meta.resourceType", "'User'::text")
            .elementsFrom("groups", GROUPS,
                    Map.of("value", "group_id", "display", "display_name", "type", "membership_type"))
            .defaultSortBy("meta.created")
            .build();

    private UserTable() {
    }
}
