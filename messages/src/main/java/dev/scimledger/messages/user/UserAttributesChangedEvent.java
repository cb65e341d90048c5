package dev.scimledger.messages.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.personal.PersonalData;
import dev.scimledger.messages.personal.PersonalEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A user's attributes changed (by PUT or PATCH). Carries the resulting attributes whole, and the names of the
 * top-level attributes (or extension URNs) whose values changed.
 */
@Revision("1")
public record UserAttributesChangedEvent(String tenantId, String userId, @PersonalData ObjectNode attributes,
                                         List<String> changedAttributes, Instant at) implements PersonalEvent {

    @Override
    public String personId() {
        return userId;
    }
}
