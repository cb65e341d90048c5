package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.VerifyChainQuery;
import dev.scimledger.messages.user.CreateUserCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the sealer chains events after commit, and how fast verify checks a chain. Writes users through the
 * command bus (no HTTP, to produce events faster than SCIM clients would), then waits until every one is sealed.
 * Prints figures; not part of the test run (tag "benchmark"):
 *
 * <pre>mvn -B -o -pl scim-gateway test -Dtest=ChainSealingBenchmark -Dbenchmark.excluded=none</pre>
 */
@Tag("benchmark")
class ChainSealingBenchmark extends RunningService {

    private static final int USERS = 3_000;

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    @Test
    void sealingAndVerifyRates() throws Exception {
        TenantAccess tenant = newTenant();
        long start = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        awaitSealerAt(start, 1200); // whatever history the data directory has is sealed first
        // the sealer paused while the events are written, so that sealing them afterwards measures its own rate
        var sealer = processing.eventProcessor("event-chain").orElseThrow();
        sealer.shutDown();
        long writeStart = System.nanoTime();
        for (int i = 0; i < USERS; i++) {
            ObjectNode attributes = JSON.createObjectNode();
            String userName = "bench-" + i + "-" + UUID.randomUUID() + "@example.com";
            attributes.put("userName", userName);
            attributes.putArray("emails").addObject().put("type", "work").put("value", userName);
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateUserCommand(UUID.randomUUID().toString(),
                    tenant.tenantId(), attributes, true, Instant.now())).andMetaData(Map.of(RequestMetadata.TENANT_ID,
                    tenant.tenantId(), RequestMetadata.TOKEN_ID, "benchmark")));
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        long backlog = unsealed(start);
        long drainStart = System.nanoTime();
        sealer.start();
        long end = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        awaitSealerAt(end, 600);
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

        long verifyStart = System.nanoTime();
        ChainVerification verification = queries.query(new VerifyChainQuery(tenant.tenantId(), List.of()),
                ChainVerification.class).join();
        double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
        assertThat(verification.intact()).isTrue();

        System.out.printf("""

                ChainSealingBenchmark (%d users written through the command bus, the sealer paused)
                  writes: %.0f events/s
                  sealing: %d events in %.1f s = %.0f events/s
                  verify: %d links in %.2f s = %.0f links/s
                %n""", USERS, USERS / writeSeconds, backlog, drainSeconds, backlog / drainSeconds,
                verification.links(), verifySeconds, verification.links() / verifySeconds);
    }

    /** Events written since {@code after} and not sealed yet. */
    private long unsealed(long after) {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry e WHERE e.global_index > ?
                  AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.event_identifier)""", Long.class, after);
        return count == null ? 0 : count;
    }

    /** Waits until the sealer's token has passed {@code index}. */
    private void awaitSealerAt(long index, int seconds) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (true) {
            Long at = jdbc.queryForObject("""
                    SELECT coalesce((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint,
                                    (convert_from(token, 'UTF8')::jsonb -> 'currentToken' ->> 'index')::bigint, -1)
                    FROM token_entry WHERE processor_name = 'event-chain'""", Long.class);
            if (at != null && at >= index) {
                return;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
