package dev.scimledger.messages.publishing;

/** {@code reachable}: the cluster described itself in time; {@code detail} says what answered, or what did not. */
public record BrokerHealth(boolean reachable, String detail) {
}
