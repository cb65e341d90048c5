package dev.scimledger.command.user;

import java.time.Instant;

/** Takes a member that is being deleted out of every group that has it, within the deleting command. */
public interface GroupMembershipRemoval {
    void removeEverywhere(String tenantId, String memberId, Instant at);
}
