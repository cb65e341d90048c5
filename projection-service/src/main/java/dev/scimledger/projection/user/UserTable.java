package dev.scimledger.projection.user;

import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.scim.schema.ResourceSchema;

/**
 * Where each User attribute is in {@code scim_user}, for filters and sortBy: the attributes a column of its own
 * holds (the ones the read model indexes or computes), every other one in the {@code attributes} jsonb.
 */
final class UserTable {

    /**
     * {@code active} is only a column (it is a command's flag, not part of the stored attributes); {@code id} and
     * {@code meta} are computed by the server. {@code meta.location} depends on the URL a client called and is not
     * searchable; {@code groups} is not searchable until the read model projects memberships onto users (then:
     * {@code elementsFrom("groups", "SELECT jsonb_build_object('value', m.group_id) FROM scim_group_member m
     * WHERE m.member_id = scim_user.user_id")}).
     */
    static final JsonbFilterSql SEARCH = JsonbFilterSql.builder(ResourceSchema.USER, "attributes", "user_id")
            .column("id", "user_id")
            .column("userName", "user_name")
            .column("externalId", "external_id")
            .column("displayName", "display_name")
            .column("active", "active")
            .column("meta.created", "created")
            .column("meta.lastModified", "last_modified")
            .column("meta.version", "('W/\"' || version || '\"')")
            .column("meta.resourceType", "'User'::text")
            .defaultOrder("created ASC, user_id ASC")
            .build();

    private UserTable() {
    }
}
