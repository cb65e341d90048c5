package dev.scimledger.messages.rebuild;

/**
 * Rebuild {@code projection} ({@code scim-read-model} or {@code audit-trail}) from the whole event log into its shadow
 * tables, beside the live one, then compare the two. {@code tenantId} limits the comparison (not the replay) to one
 * tenant's rows; null compares everything. Answers the new rebuild's id; refused while one of the same projection runs.
 */
public record StartProjectionRebuildCommand(String projection, String tenantId, String actor) {
}
