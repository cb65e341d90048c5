package dev.scimledger.messages.operator;

import java.time.Instant;

/** Give a console account a new password (its hash only: see {@link CreateConsoleAccountCommand}). */
public record ChangeConsolePasswordCommand(String username, String passwordHash, String actor, Instant at) {
    @Override
    public String toString() {
        return "ChangeConsolePasswordCommand[username=" + username + ", actor=" + actor + "]";
    }
}
