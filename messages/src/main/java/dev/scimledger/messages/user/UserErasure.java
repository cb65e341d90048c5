package dev.scimledger.messages.user;

import java.time.Instant;

/** The answer to {@link EraseUserCommand}: when the user was erased, and by whom (the first erasure, if repeated). */
public record UserErasure(String tenantId, String userId, Instant erasedAt, String actor, boolean alreadyErased) {
}
