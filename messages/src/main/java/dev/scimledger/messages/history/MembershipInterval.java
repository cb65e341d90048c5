package dev.scimledger.messages.history;

import java.time.Instant;

/**
 * One stretch of membership: {@code memberId} was in group {@code groupId} from {@code joined} until {@code left}
 * (null: still a member at the query's end, or the group's last event). {@code groupName} is the group's displayName
 * at {@code joined}.
 */
public record MembershipInterval(String groupId, String groupName, String memberId, Instant joined, Instant left) {
}
