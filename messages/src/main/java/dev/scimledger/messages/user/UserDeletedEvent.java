package dev.scimledger.messages.user;

import dev.scimledger.messages.personal.PersonalData;
import dev.scimledger.messages.personal.PersonalEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A user was deleted; its userName is released. */
@Revision("1")
public record UserDeletedEvent(String tenantId, String userId, @PersonalData String userName, Instant at) implements PersonalEvent {

    @Override
    public String personId() {
        return userId;
    }
}
