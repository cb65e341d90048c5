package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user was provisioned with these attributes. */
@Revision("1")
public record UserCreatedEvent(String tenantId, String userId, String userName, ObjectNode attributes,
                               boolean active, Instant at) implements ScimEvent {
}
