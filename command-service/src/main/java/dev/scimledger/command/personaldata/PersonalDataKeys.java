package dev.scimledger.command.personaldata;

import dev.scimledger.command.user.PersonalDataErasure;
import dev.scimledger.messages.personal.ErasedPersons;
import dev.scimledger.messages.personal.PersonalDataSubjects;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * The persons' keys, in {@code personal_data_key}. A key is made the first time a person's personal data is
 * written, in the same transaction. Reads take no lock: what a reader decrypts just before an erasure goes where the
 * erasure reaches it anyway (the read model's row becomes a tombstone after it, in the same order; a command of the
 * same user conflicts with the erasure on the aggregate's sequence). Only Kafka, which nothing reaches afterwards,
 * holds off an erasure while it publishes (see the publisher).
 */
public class PersonalDataKeys implements PersonalDataErasure, ErasedPersons, PersonalDataSubjects {

    /** A person's key, or the fact that the person was erased. */
    public sealed interface Key {
    }

    public record Active(byte[] bytes) implements Key {
    }

    public record Erased(java.time.Instant at) implements Key {
    }

    private static final int KEY_BYTES = 32;

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's key, made now if there is none; refused once the person is erased. */
    byte[] keyForWriting(String tenantId, String subjectId) {
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        List<byte[]> made = jdbc.queryForList("""
                INSERT INTO personal_data_key (tenant_id, subject_id, data_key) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, subject_id) DO NOTHING RETURNING data_key""", byte[].class,
                tenantId, subjectId, fresh);
        if (!made.isEmpty()) {
            return made.get(0);
        }
        Key key = find(tenantId, subjectId).orElseThrow();
        if (key instanceof Erased erased) {
            throw new IllegalStateException("person " + subjectId + " of tenant " + tenantId + " was erased at "
                    + erased.at() + "; no personal data of theirs is written again");
        }
        return ((Active) key).bytes();
    }

    /** The person's key or erasure; empty when nothing personal of theirs was ever written. */
    public Optional<Key> find(String tenantId, String subjectId) {
        List<Key> keys = jdbc.query("""
                SELECT data_key, erased_at FROM personal_data_key WHERE tenant_id = ? AND subject_id = ?""",
                (rs, n) -> rs.getBytes(1) != null ? new Active(rs.getBytes(1))
                        : new Erased(rs.getTimestamp(2).toInstant()), tenantId, subjectId);
        return keys.stream().findFirst();
    }

    /**
     * Deletes the person's key (a person without one gets an erased row, so nothing personal of theirs is written
     * later); answers false when the person was erased already.
     */
    @Override
    public boolean erase(String tenantId, String subjectId, java.time.Instant at) {
        java.sql.Timestamp when = java.sql.Timestamp.from(at);
        int erased = jdbc.update("""
                UPDATE personal_data_key SET data_key = NULL, erased_at = ?
                WHERE tenant_id = ? AND subject_id = ? AND erased_at IS NULL""", when, tenantId, subjectId);
        boolean erasedNow = erased == 1 || jdbc.update("""
                INSERT INTO personal_data_key (tenant_id, subject_id, data_key, erased_at) VALUES (?, ?, NULL, ?)
                ON CONFLICT (tenant_id, subject_id) DO NOTHING""", tenantId, subjectId, when) == 1;
        // a snapshot of the person's aggregate holds their data in plaintext. After the key row's update, so that a
        // snapshot stored meanwhile (which share-locks that row: mayStoreSnapshot) has committed and is deleted too
        jdbc.update("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?", subjectId);
        return erasedNow;
    }

    /**
     * Whether a snapshot of the person's aggregate may be stored: not once they are erased. Share-locks the key row
     * until the snapshot's transaction ends, so an erasure waits for the snapshot and then deletes it.
     */
    public boolean mayStoreSnapshot(String tenantId, String subjectId) {
        List<Boolean> erased = jdbc.queryForList("""
                SELECT erased_at IS NOT NULL FROM personal_data_key WHERE tenant_id = ? AND subject_id = ? FOR SHARE""",
                Boolean.class, tenantId, subjectId);
        return erased.isEmpty() || !erased.get(0);
    }

    /** In one statement, in key order (two publishers locking overlapping persons cannot deadlock). */
    @Override
    public Set<Person> erasedAmong(Collection<Person> persons) {
        if (persons.isEmpty()) {
            return Set.of();
        }
        String[] tenants = persons.stream().map(Person::tenantId).toArray(String[]::new);
        String[] subjects = persons.stream().map(Person::personId).toArray(String[]::new);
        Set<Person> erased = new HashSet<>();
        jdbc.query(con -> {
            var statement = con.prepareStatement("""
                    SELECT k.tenant_id, k.subject_id, k.erased_at IS NOT NULL FROM personal_data_key k
                    WHERE (k.tenant_id, k.subject_id) IN (SELECT * FROM unnest(?::varchar[], ?::varchar[]))
                    ORDER BY k.tenant_id, k.subject_id
                    FOR SHARE""");
            statement.setArray(1, con.createArrayOf("varchar", tenants));
            statement.setArray(2, con.createArrayOf("varchar", subjects));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
            if (rs.getBoolean(3)) {
                erased.add(new Person(rs.getString(1), rs.getString(2)));
            }
        });
        return erased;
    }

    @Override
    public List<String> unerased(String tenantId) {
        return jdbc.queryForList("""
                SELECT subject_id FROM personal_data_key WHERE tenant_id = ? AND erased_at IS NULL ORDER BY subject_id""",
                String.class, tenantId);
    }
}
