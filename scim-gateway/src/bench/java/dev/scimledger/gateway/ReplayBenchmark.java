package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.user.CreateUserCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast a rebuild replays the log, and how long its comparison takes. Seeds the log with users written through
 * the command bus, 16 at a time (no HTTP: each is still decided by its aggregate and appended to the log, and every
 * live projection applies it), waits until the live read model and audit trail have applied them all, then rebuilds
 * both projections of the whole log and compares everything. Prints figures; not part of the test run (tag
 * "benchmark"):
 *
 * <pre>mvn -B -o -pl scim-gateway test -Dtest=ReplayBenchmark -Dbenchmark.excluded=none</pre>
 */
@Tag("benchmark")
class ReplayBenchmark extends RunningService {

    private static final int USERS = 20_000;
    private static final int IN_FLIGHT = 16;

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void replayAndCompareRates() throws Exception {
        TenantAccess tenant = newTenant();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        long seedStart = System.nanoTime();
        for (int i = 0; i < USERS; i++) {
            ObjectNode attributes = JSON.createObjectNode();
            String userName = "replay-" + i + "-" + UUID.randomUUID() + "@example.com";
            attributes.put("userName", userName);
            attributes.put("displayName", "Replay Bench " + i);
            attributes.putArray("emails").addObject().put("type", "work").put("value", userName);
            slots.acquire();
            writes.add(commands.send(GenericCommandMessage.asCommandMessage(new CreateUserCommand(UUID.randomUUID().toString(),
                    tenant.tenantId(), attributes, true, Instant.now())).andMetaData(Map.of(RequestMetadata.TENANT_ID,
                    tenant.tenantId(), RequestMetadata.TOKEN_ID, "benchmark"))).whenComplete((result, failure) -> slots.release()));
        }
        CompletableFuture.allOf(writes.toArray(new CompletableFuture[0])).join();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long logSize = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        awaitCaughtUp("scim-read-model");
        awaitCaughtUp("audit-trail");

        StringBuilder figures = new StringBuilder();
        for (String projection : List.of("scim-read-model", "audit-trail")) {
            Response started = call("POST", "/admin/projections/" + projection + "/rebuilds", ADMIN_TOKEN, null);
            assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
            JsonNode done = awaitEnd(started.header("Location"));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
            figures.append("""
                      %s: %d events replayed at %.0f events/s; compare of %d rows in %.2f s (%d round(s)): %s%s
                    """.formatted(projection, done.get("eventsApplied").asLong(), done.get("eventsPerSecond").asDouble(),
                    done.get("rowsCompared").asLong(), done.get("compareSeconds").asDouble(),
                    done.get("compareRounds").asInt(), done.get("verdict").asText(),
                    done.get("verdict").asText().equals("equal") ? "" : " " + done.get("differences")));
        }
        System.out.printf("""

                ReplayBenchmark (%d users written through the command bus, %d at a time: %.0f events/s; %d events in the log)
                %s%n""", USERS, IN_FLIGHT, USERS / seedSeconds, logSize, figures);
    }

    private void awaitCaughtUp(String processor) throws InterruptedException {
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        Instant deadline = Instant.now().plusSeconds(1200);
        while (true) {
            List<Long> positions = jdbc.queryForList("""
                    SELECT coalesce((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint,
                                    (convert_from(token, 'UTF8')::jsonb -> 'currentToken' ->> 'index')::bigint, -1)
                    FROM token_entry WHERE processor_name = ?""", Long.class, processor);
            if (!positions.isEmpty() && positions.stream().allMatch(at -> at >= head)) {
                return;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode awaitEnd(String location) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(3600);
        while (true) {
            JsonNode status = call("GET", location, ADMIN_TOKEN, null).body();
            if (!status.get("status").asText().equals("running")) {
                return status;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(250);
        }
    }
}
