package dev.scimledger.command.user;

import java.time.Instant;

/** Deletes a person's key within the erasing command; false when the person was erased already. */
public interface PersonalDataErasure {
    boolean erase(String tenantId, String personId, Instant at);
}
