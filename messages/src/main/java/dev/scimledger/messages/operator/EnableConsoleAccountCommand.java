package dev.scimledger.messages.operator;

import java.time.Instant;

public record EnableConsoleAccountCommand(String username, String actor, Instant at) {
}
