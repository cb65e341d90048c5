package dev.scimledger.messages.chain;

import java.util.List;

/**
 * What a verification of the event chain found.
 *
 * @param intact   true when no problem was found
 * @param tenants  how many tenants' chains were checked
 * @param links    how many links were recomputed from the events
 * @param pending  events committed but not sealed yet (the sealer is behind them; not a problem)
 * @param problems the first problem of each tenant whose chain is broken, in tenant order
 */
public record ChainVerification(boolean intact, long tenants, long links, long pending, List<Problem> problems) {

    /**
     * @param kind     changed (the event's stored bytes differ from what was sealed), reordered (its place in the log
     *                 moved), removed (a sealed event is gone), inserted (an event the sealer already passed but never
     *                 sealed), chain (the chain's own rows were altered), checkpoint (the chain disagrees with a signed
     *                 checkpoint), signature (a checkpoint's signature does not verify), forged (a sealed event the
     *                 application did not append: it has no valid MAC, see {@link UnauthenticatedEventsQuery})
     * @param position the chain position (0 when the event has none)
     */
    public record Problem(String tenantId, String kind, long position, String eventId, Long globalIndex,
                          String detail) {
    }
}
