package dev.scimledger.messages.user;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user's {@code active} became false (Entra's soft delete / disable). */
@Revision("1")
public record UserDeactivatedEvent(String tenantId, String userId, Instant at) implements ScimEvent {
}
