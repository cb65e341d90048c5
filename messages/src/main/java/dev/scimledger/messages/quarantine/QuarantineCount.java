package dev.scimledger.messages.quarantine;

public record QuarantineCount(String processor, long events) {
}
