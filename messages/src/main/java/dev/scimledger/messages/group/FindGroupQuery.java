package dev.scimledger.messages.group;

/** One group of a tenant; waits (briefly) for {@code minVersion} when it is zero or more. */
public record FindGroupQuery(String tenantId, String groupId, long minVersion, boolean includeMembers) {
}
