package dev.scimledger.messages.personal;

import dev.scimledger.messages.ScimEvent;

/**
 * An event about one person, some of whose components are {@link PersonalData}: those are encrypted with the key
 * of {@code (tenantId, personId)}, and erasing that person deletes the key.
 */
public interface PersonalEvent extends ScimEvent {

    /** The person the personal data belongs to, within the tenant (a user's id). */
    String personId();
}
