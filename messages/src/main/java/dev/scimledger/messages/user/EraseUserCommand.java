package dev.scimledger.messages.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Erase a deleted user's personal data: its key is deleted, so the personal data its events hold in the log can no
 * longer be read, while the events themselves (and the chain over them) stay as recorded.
 *
 * @param actor         who erases: "admin-api" or "cli:&lt;os user&gt;"
 * @param tenantDeleted the user's tenant is deleted (the gateway checked): its users are erased whether or not their
 *                      identity provider deleted them first, since none can provision them again
 */
public record EraseUserCommand(@TargetAggregateIdentifier String userId, String tenantId, String actor, Instant at,
                               boolean tenantDeleted) {

    /** The erasure of a live tenant's user, which must be deleted first. */
    public EraseUserCommand(String userId, String tenantId, String actor, Instant at) {
        this(userId, tenantId, actor, at, false);
    }
}
