package dev.scimledger.messages.group;

/** One group of a tenant, as the read model has it (every committed write), with its members when asked for. */
public record FindGroupQuery(String tenantId, String groupId, boolean includeMembers) {
}
