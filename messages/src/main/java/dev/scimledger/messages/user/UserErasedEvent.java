package dev.scimledger.messages.user;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A deleted user's personal data was erased: its key is gone, and every event of the user now reads with its
 * personal data as erased. Downstream consumers drop what they keep of the user.
 */
@Revision("1")
public record UserErasedEvent(String tenantId, String userId, String actor, Instant at) implements ScimEvent {
}
