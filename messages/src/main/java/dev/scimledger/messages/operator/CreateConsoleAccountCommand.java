package dev.scimledger.messages.operator;

import java.time.Instant;

/**
 * Make a console account. The gateway generates the password and sends only its hash, which goes to the account
 * table in the command's transaction and into no event.
 */
public record CreateConsoleAccountCommand(String username, String role, String passwordHash, String actor, Instant at) {
    @Override
    public String toString() {
        return "CreateConsoleAccountCommand[username=" + username + ", role=" + role + ", actor=" + actor + "]";
    }
}
