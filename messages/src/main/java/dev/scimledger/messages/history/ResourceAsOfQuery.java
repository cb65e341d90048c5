package dev.scimledger.messages.history;

import java.time.Instant;

/** A user's or group's state at instant {@code at}, folded from its events in the log. */
public record ResourceAsOfQuery(String tenantId, String resourceType, String id, Instant at) {
    public static final String USER = "User";
    public static final String GROUP = "Group";
}
