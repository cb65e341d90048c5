package dev.scimledger.messages.personal;

import java.util.List;

/**
 * Whose personal data a tenant's events still hold readable: the persons (users) of the tenant with a key not yet
 * erased, asked of the persons' keys (command-service owns {@code personal_data_key}). The read model forgets a
 * deleted tenant's users; the keys do not.
 */
public interface PersonalDataSubjects {

    /** The tenant's persons whose key is not erased, oldest first. */
    List<String> unerased(String tenantId);
}
