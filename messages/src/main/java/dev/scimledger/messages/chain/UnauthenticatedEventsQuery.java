package dev.scimledger.messages.chain;

/**
 * The events of the log that the application did not write: appended since event authentication began, yet without
 * a MAC made with the operator's key, or with one that no longer matches. Answered with a list of
 * {@link UnauthenticatedEvent}, in log order; empty for an untouched log.
 */
public record UnauthenticatedEventsQuery() {
}
