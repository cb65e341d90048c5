package dev.scimledger.messages.user;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user's {@code active} became true again. */
@Revision("1")
public record UserReactivatedEvent(String tenantId, String userId, Instant at) implements ScimEvent {
}
