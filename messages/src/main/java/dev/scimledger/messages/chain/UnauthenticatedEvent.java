package dev.scimledger.messages.chain;

/** @param reason "no MAC" (written past the application) or "MAC mismatch" (changed since, or its MAC forged) */
public record UnauthenticatedEvent(String eventId, long globalIndex, String reason) {
}
