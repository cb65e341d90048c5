package dev.scimledger.messages.user;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user was deleted; its userName is released. */
@Revision("1")
public record UserDeletedEvent(String tenantId, String userId, String userName, Instant at) implements ScimEvent {
}
