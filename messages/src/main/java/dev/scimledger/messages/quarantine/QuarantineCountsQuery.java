package dev.scimledger.messages.quarantine;

/** How many events each projection holds in its quarantine: answered with a {@link QuarantineCount} per projection. */
public record QuarantineCountsQuery() {

    /** The projections that quarantine (their processing groups): the audit trail and the Kafka publisher. */
    public static final java.util.List<String> PROJECTIONS = java.util.List.of("audit-trail", "kafka-publisher");
}
