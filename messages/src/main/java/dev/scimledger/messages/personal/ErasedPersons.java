package dev.scimledger.messages.personal;

import java.util.Collection;
import java.util.Set;

/**
 * Which persons have been erased, asked of the persons' keys (command-service owns {@code personal_data_key}) by a
 * reader that must not let an erased person's data out, such as the Kafka publisher.
 */
public interface ErasedPersons {

    record Person(String tenantId, String personId) {
    }

    /**
     * The erased among {@code persons}. Share-locks their key rows until the caller's transaction ends, so an erasure
     * that starts meanwhile waits for what the caller is about to send, and one that committed before is seen.
     */
    Set<Person> erasedAmong(Collection<Person> persons);
}
