package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.personal.PersonalData;
import dev.scimledger.messages.personal.PersonalEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user was provisioned with these attributes. */
@Revision("1")
public record UserCreatedEvent(String tenantId, String userId, @PersonalData String userName, @PersonalData ObjectNode attributes,
                               boolean active, Instant at) implements PersonalEvent {

    @Override
    public String personId() {
        return userId;
    }
}
