package dev.scimledger.messages.history;

import java.time.Instant;

/** The groups user (or group) {@code memberId} was a direct member of at any moment of [{@code from}, {@code to}). */
public record MembershipsBetweenQuery(String tenantId, String memberId, Instant from, Instant to) {
}
