package dev.scimledger.projection;

/**
 * The tables a read-model handler writes: the live ones, or their shadows that a rebuild fills from the log beside
 * them ({@code V105__projection_rebuild.sql}). Only these two fixed sets exist, so the names are safe to put into SQL.
 */
public record ReadModelTables(String user, String group, String member, String audit) {

    public static final ReadModelTables LIVE =
            new ReadModelTables("scim_user", "scim_group", "scim_group_member", "audit_event");

    public static final ReadModelTables REBUILD =
            new ReadModelTables("scim_user_rebuild", "scim_group_rebuild", "scim_group_member_rebuild",
                    "audit_event_rebuild");
}
