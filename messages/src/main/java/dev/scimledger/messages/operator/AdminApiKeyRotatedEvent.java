package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin API key has a new secret; the old one is refused from now on. */
@Revision("1")
public record AdminApiKeyRotatedEvent(String tenantId, String keyId, String actor, Instant at) implements OperatorEvent {
}
