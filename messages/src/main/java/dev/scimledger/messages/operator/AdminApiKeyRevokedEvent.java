package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin API key is refused from now on. */
@Revision("1")
public record AdminApiKeyRevokedEvent(String tenantId, String keyId, String actor, Instant at) implements OperatorEvent {
}
