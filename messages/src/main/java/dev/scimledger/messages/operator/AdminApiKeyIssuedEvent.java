package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin API key was made (its secret and digest are never in the event). */
@Revision("1")
public record AdminApiKeyIssuedEvent(String tenantId, String keyId, String name, String role, String actor, Instant at) implements OperatorEvent {
}
