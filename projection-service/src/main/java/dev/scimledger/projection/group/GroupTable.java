package dev.scimledger.projection.group;

import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.scim.schema.ResourceSchema;

import java.util.Map;

/**
 * Where each Group attribute is in {@code scim_group}, for filters and sortBy: {@code id}, {@code displayName},
 * {@code externalId} and {@code meta} in columns of their own, the members in {@code scim_group_member}, anything
 * else a group may carry in the {@code attributes} jsonb. Comparisons follow the Group schema ({@code displayName}
 * and {@code members.value} ignore case, {@code externalId} and {@code id} do not).
 */
final class GroupTable {

    /**
     * A group's members, one row per member, with the columns {@code members.value}, {@code .type} and
     * {@code .display} are compared by ({@code display} is the name a member is shown by, as
     * {@link GroupQueryHandler} renders it). {@code members.$ref} depends on the URL a client called and is not
     * searchable. A filter on {@code value} or {@code type} alone reads the membership table through its indexes:
     * PostgreSQL pulls this subquery up into the filter's EXISTS and drops the unused joins.
     */
    static final String MEMBERS = """
            SELECT m.member_id, m.member_type, COALESCE(mu.display_name, mu.user_name, mg.display_name) AS display
            FROM scim_group_member m
            LEFT JOIN scim_user mu ON m.member_type = 'User' AND mu.user_id = m.member_id
            LEFT JOIN scim_group mg ON m.member_type = 'Group' AND mg.group_id = m.member_id
            WHERE m.group_id = scim_group.group_id""";

    static final JsonbFilterSql SEARCH = JsonbFilterSql.builder(ResourceSchema.GROUP, "attributes", "group_id")
            .notNullColumn("id", "group_id")
            .notNullColumn("displayName", "display_name")
            .column("externalId", "external_id")
            .notNullColumn("meta.created", "created")
            .notNullColumn("meta.lastModified", "last_modified")
            .column("meta.version", "('W/\"' || version || '\"')")
            .column("meta.resourceType", "'Group'::text")
            .elementsFrom("members", MEMBERS, Map.of("value", "member_id", "type", "member_type", "display", "display"))
            .defaultSortBy("meta.created")
            .build();

    private GroupTable() {
    }
}
