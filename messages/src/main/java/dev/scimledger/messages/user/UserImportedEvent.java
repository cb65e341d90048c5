package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.personal.PersonalData;
import dev.scimledger.messages.personal.PersonalEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An existing account was imported by an admin; SCIM does not manage it yet. */
@Revision("1")
public record UserImportedEvent(String tenantId, String userId, @PersonalData String userName, @PersonalData ObjectNode attributes,
                                boolean active, Instant at) implements PersonalEvent {

    @Override
    public String personId() {
        return userId;
    }
}
