package dev.scimledger.messages.quarantine;

/**
 * @param applied           events applied and removed from the quarantine
 * @param stillQuarantined  events left, of resources whose next event failed again
 * @param firstFailure      the first of those failures, null when there was none
 */
public record QuarantineRetryOutcome(String processor, int applied, int stillQuarantined, String firstFailure) {
}
