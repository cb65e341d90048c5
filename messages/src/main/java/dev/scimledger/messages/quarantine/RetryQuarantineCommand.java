package dev.scimledger.messages.quarantine;

/**
 * Applies a projection's quarantined events again, once their cause is fixed: each resource's in the log's order,
 * each applied one removed from the quarantine; a resource whose next event still fails stays as it is.
 *
 * @param actor who asked (recorded in the service's log)
 */
public record RetryQuarantineCommand(String processor, String actor) {
}
