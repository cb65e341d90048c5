package dev.scimledger.messages.publishing;

/**
 * Whether the Kafka cluster the publisher sends to answers now (asked by readiness probes), answered with
 * {@link BrokerHealth} within about two seconds, by the node's projection side only.
 */
public record BrokerHealthQuery() {
}
