package dev.scimledger.messages.user;

import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An imported account is now managed by SCIM: a client created a user with its userName and work email, or changed
 * it. The attribute values the client sent follow as their own events.
 */
@Revision("1")
public record UserAdoptedEvent(String tenantId, String userId, Instant at) implements ScimEvent {
}
