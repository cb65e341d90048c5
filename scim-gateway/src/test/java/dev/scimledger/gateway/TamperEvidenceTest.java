package dev.scimledger.gateway;

import dev.scimledger.messages.chain.ChainCheckpointsQuery;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.SignChainCheckpointsCommand;
import dev.scimledger.messages.chain.StoredEvent;
import dev.scimledger.messages.chain.VerifyChainQuery;
import dev.scimledger.projection.chain.ChainLink;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering with the log as a database superuser (triggers switched off for the session, as only a superuser can),
 * in every way we could think of: each is found by verify, which names the first bad event. Each case works in a
 * tenant of its own, so the others' chains stay intact.
 */
class TamperEvidenceTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    QueryGateway queries;
    @Autowired
    CommandGateway commands;

    /** A tenant with a few users and a group, every event sealed; its events in chain order. */
    private record Sealed(String tenantId, List<String> eventIds) {
        String event(int position) {
            return eventIds.get(position - 1);
        }
    }

    private Sealed sealedTenant() {
        TenantAccess tenant = newTenant();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(scim("POST", "/Users", tenant.token(), entraUser(unique("sealed-" + i), "e" + i)).text("/id"));
        }
        scim("PATCH", "/Users/" + users.get(0), tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed Person\"}]"));
        scim("POST", "/Groups", tenant.token(), "{\"displayName\":\"Sealed\",\"members\":[{\"value\":\"" + users.get(1) + "\"}]}");
        awaitSealed(tenant.tenantId());
        List<String> chain = jdbc.queryForList("SELECT event_id FROM event_chain WHERE tenant_id = ? ORDER BY position",
                String.class, tenant.tenantId());
        assertThat(chain).hasSizeGreaterThanOrEqualTo(7);
        assertThat(verify(tenant.tenantId()).intact()).as("untouched, the chain verifies").isTrue();
        return new Sealed(tenant.tenantId(), chain);
    }

    private void awaitSealed(String tenantId) {
        // generous: on a data directory with history, the sealer first works through the backlog
        Instant deadline = Instant.now().plusSeconds(180);
        while (true) {
            Integer unsealed = jdbc.queryForObject("""
                    SELECT count(*) FROM domain_event_entry e
                    WHERE convert_from(e.payload, 'UTF8')::jsonb ->> 'tenantId' = ?
                      AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.event_identifier)""",
                    Integer.class, tenantId);
            if (unsealed != null && unsealed == 0) {
                return;
            }
            assertThat(Instant.now()).as("sealed within 180 s").isBefore(deadline);
            sleep(Duration.ofMillis(50));
        }
    }

    private ChainVerification verify(String tenantId, VerifyChainQuery.Checkpoint... kept) {
        return queries.query(new VerifyChainQuery(tenantId, List.of(kept)), ChainVerification.class).join();
    }

    private ChainVerification.Problem onlyProblem(String tenantId, VerifyChainQuery.Checkpoint... kept) {
        ChainVerification verification = verify(tenantId, kept);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.problems()).hasSize(1);
        ChainVerification.Problem problem = verification.problems().get(0);
        assertThat(problem.tenantId()).isEqualTo(tenantId);
        return problem;
    }

    /** Runs SQL as the database superuser, with triggers off for the session (session_replication_role). */
    private void asSuperuser(String... statements) {
        try (Connection db = superuser(); Statement sql = db.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection superuser() throws SQLException {
        String url;
        try (Connection app = dataSource.getConnection()) {
            url = app.getMetaData().getURL();
        }
        return DriverManager.getConnection(url, "postgres", superuserPassword());
    }

    @Test
    void aChangedPayloadIsFoundAndNamed() {
        Sealed tenant = sealedTenant();
        // the rename (its new value is encrypted, being personal data): what it says was changed is rewritten
        String patched = jdbc.queryForObject("""
                SELECT event_identifier FROM domain_event_entry WHERE payload_type LIKE '%.UserAttributesChangedEvent'
                AND event_identifier = ANY(?::text[])""", String.class, "{" + String.join(",", tenant.eventIds()) + "}");
        asSuperuser("UPDATE domain_event_entry SET payload = convert_to(jsonb_set(convert_from(payload, 'UTF8')::jsonb, "
                + "'{changedAttributes}', '[\"title\"]')::text, 'UTF8') WHERE event_identifier = '" + patched + "'");
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("changed");
        assertThat(problem.eventId()).isEqualTo(patched);
        assertThat(problem.position()).isEqualTo(tenant.eventIds().indexOf(patched) + 1);
    }

    @Test
    void changedMetadataOrTimestampIsFound() {
        Sealed tenant = sealedTenant();
        asSuperuser("UPDATE domain_event_entry SET meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'), "
                + "'\"clientAddress\"', '\"clientAddres\"'), 'UTF8') WHERE event_identifier = '" + tenant.event(3) + "'");
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("changed");
        assertThat(problem.eventId()).isEqualTo(tenant.event(3));

        Sealed other = sealedTenant();
        asSuperuser("UPDATE domain_event_entry SET time_stamp = '2020-01-01T00:00:00Z' WHERE event_identifier = '"
                + other.event(2) + "'");
        assertThat(onlyProblem(other.tenantId()).eventId()).isEqualTo(other.event(2));
    }

    @Test
    void aRemovedEventIsFoundAndNamed() {
        Sealed tenant = sealedTenant();
        asSuperuser("DELETE FROM domain_event_entry WHERE event_identifier = '" + tenant.event(4) + "'");
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("removed");
        assertThat(problem.eventId()).isEqualTo(tenant.event(4));
        assertThat(problem.position()).isEqualTo(4);
    }

    @Test
    void reorderedEventsAreFound() {
        Sealed tenant = sealedTenant();
        long second = index(tenant.event(2));
        long sixth = index(tenant.event(6));
        asSuperuser("UPDATE domain_event_entry SET global_index = -" + second + " WHERE global_index = " + second,
                "UPDATE domain_event_entry SET global_index = " + second + " WHERE global_index = " + sixth,
                "UPDATE domain_event_entry SET global_index = " + sixth + " WHERE global_index = -" + second);
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("reordered");
        assertThat(problem.eventId()).isEqualTo(tenant.event(2));
    }

    @Test
    void anEventInsertedBehindTheSealerIsFound() {
        Sealed tenant = sealedTenant();
        String forged = "forged-" + tenant.tenantId();
        asSuperuser("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                + "SELECT -1000000 - (SELECT count(*) FROM domain_event_entry), 'forged-user-' || '" + tenant.tenantId()
                + "', 0, type, '" + forged + "', meta_data, payload, payload_revision, payload_type, time_stamp "
                + "FROM domain_event_entry WHERE event_identifier = '" + tenant.event(1) + "'");
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("inserted");
        assertThat(problem.eventId()).isEqualTo(forged);
    }

    /**
     * The gap the chain alone leaves: an event written straight into the table, ahead of the sealer, is sealed like
     * any other. It lacks the MAC the application makes when it appends, with a key the database does not hold.
     */
    @Test
    void anEventWrittenAheadOfTheSealerIsFoundForged() {
        Sealed tenant = sealedTenant();
        String forged = "forged-ahead-" + tenant.tenantId();
        asSuperuser("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, "
                + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                + "SELECT 'forged-ahead-user-' || '" + tenant.tenantId() + "', 0, type, '" + forged + "', meta_data, "
                + "payload, payload_revision, payload_type, time_stamp "
                + "FROM domain_event_entry WHERE event_identifier = '" + tenant.event(1) + "'");
        awaitSealed(tenant.tenantId());
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("forged");
        assertThat(problem.eventId()).isEqualTo(forged);
        assertThat(problem.position()).isEqualTo(tenant.eventIds().size() + 1);
        assertThat(problem.detail()).contains("no MAC");
    }

    @Test
    void alteredOrRemovedChainRowsAreFound() {
        Sealed tenant = sealedTenant();
        asSuperuser("DELETE FROM event_chain WHERE tenant_id = '" + tenant.tenantId() + "' AND position = 3");
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("chain");
        assertThat(problem.position()).isEqualTo(3);

        Sealed other = sealedTenant();
        asSuperuser("UPDATE event_chain SET previous_hash = hash WHERE tenant_id = '" + other.tenantId() + "' AND position = 4");
        ChainVerification.Problem broken = onlyProblem(other.tenantId());
        assertThat(broken.kind()).isEqualTo("chain");
        assertThat(broken.eventId()).isEqualTo(other.event(4));

        Sealed truncated = sealedTenant();
        asSuperuser("DELETE FROM event_chain WHERE tenant_id = '" + truncated.tenantId() + "'");
        ChainVerification.Problem unsealed = onlyProblem(truncated.tenantId());
        assertThat(unsealed.kind()).isEqualTo("inserted");
        assertThat(truncated.eventIds()).contains(unsealed.eventId());
    }

    @Test
    void aChainRewrittenWholesaleIsFoundByItsSignedCheckpoints() {
        Sealed tenant = sealedTenant();
        commands.sendAndWait(new SignChainCheckpointsCommand());
        List<VerifyChainQuery.Checkpoint> kept = queries.query(new ChainCheckpointsQuery(tenant.tenantId()),
                ResponseTypes.multipleInstancesOf(VerifyChainQuery.Checkpoint.class)).join();
        assertThat(kept).isNotEmpty();

        // the attacker changes an event and recomputes every link from there, as the sealer would have
        asSuperuser("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'Sealed', 'Unsealed'), 'UTF8') WHERE event_identifier = ANY(ARRAY['"
                + String.join("','", tenant.eventIds()) + "'])");
        rewriteChain(tenant.tenantId());
        ChainVerification.Problem problem = onlyProblem(tenant.tenantId());
        assertThat(problem.kind()).isEqualTo("checkpoint");

        // and deletes the checkpoints too: the copy kept outside the database still finds it
        asSuperuser("DELETE FROM chain_checkpoint WHERE tenant_id = '" + tenant.tenantId() + "'");
        assertThat(onlyProblem(tenant.tenantId(), kept.toArray(VerifyChainQuery.Checkpoint[]::new)).kind())
                .isEqualTo("checkpoint");
        // and without any checkpoint, the changed event's MAC (made with a key outside the database) no longer fits
        ChainVerification.Problem unkept = onlyProblem(tenant.tenantId());
        assertThat(unkept.kind()).isEqualTo("forged");
        assertThat(unkept.detail()).contains("MAC mismatch");
    }

    @Test
    void aForgedCheckpointIsFound() {
        Sealed tenant = sealedTenant();
        commands.sendAndWait(new SignChainCheckpointsCommand());
        asSuperuser("UPDATE chain_checkpoint SET hash = repeat('a', 64) WHERE tenant_id = '" + tenant.tenantId() + "'");
        assertThat(onlyProblem(tenant.tenantId()).kind()).isEqualTo("signature");
    }

    @Test
    void theIntactLogVerifiesForEveryTenantAtOnce() {
        Sealed tenant = sealedTenant();
        ChainVerification all = verify(tenant.tenantId());
        assertThat(all.intact()).isTrue();
        assertThat(all.links()).isEqualTo(tenant.eventIds().size());
        assertThat(all.problems()).isEmpty();
    }

    /** Recomputes the tenant's chain from the events as they are now, as an attacker with the algorithm would. */
    private void rewriteChain(String tenantId) {
        try (Connection db = superuser()) {
            db.setAutoCommit(false);
            List<Object[]> links = new ArrayList<>();
            try (PreparedStatement read = db.prepareStatement("SELECT c.position, " + prefixed()
                    + " FROM event_chain c JOIN domain_event_entry e ON e.event_identifier = c.event_id "
                    + "WHERE c.tenant_id = ? ORDER BY c.position")) {
                read.setString(1, tenantId);
                try (ResultSet rs = read.executeQuery()) {
                    String previous = ChainLink.GENESIS;
                    while (rs.next()) {
                        String hash = ChainLink.hash(previous, tenantId, ChainLink.read(rs));
                        links.add(new Object[]{rs.getLong("position"), previous, hash});
                        previous = hash;
                    }
                }
            }
            try (PreparedStatement write = db.prepareStatement(
                    "UPDATE event_chain SET previous_hash = ?, hash = ? WHERE tenant_id = ? AND position = ?")) {
                for (Object[] link : links) {
                    write.setString(1, (String) link[1]);
                    write.setString(2, (String) link[2]);
                    write.setString(3, tenantId);
                    write.setLong(4, (Long) link[0]);
                    write.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String prefixed() {
        return String.join(", ", java.util.Arrays.stream(StoredEvent.COLUMNS.split(", "))
                .map(c -> "e." + c).toList());
    }

    private long index(String eventId) {
        return jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, eventId);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
