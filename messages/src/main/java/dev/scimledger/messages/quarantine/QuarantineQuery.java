package dev.scimledger.messages.quarantine;

/**
 * The first {@value #MAX_EVENTS} quarantined events of one projection ({@code processor}), or of all when it is
 * null, in the log's order; {@link QuarantineCountsQuery} says how many there are.
 */
public record QuarantineQuery(String processor) {

    public static final int MAX_EVENTS = 1000;
}
