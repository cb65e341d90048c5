package dev.scimledger.messages.operator;

import java.time.Instant;

public record DisableConsoleAccountCommand(String username, String actor, Instant at) {
}
