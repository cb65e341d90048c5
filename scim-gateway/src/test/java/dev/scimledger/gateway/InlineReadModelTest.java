package dev.scimledger.gateway;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SCIM read model is written in the command's own transaction: what a 2xx acknowledged is in the read model the
 * moment the answer leaves, and a read model that cannot apply an event fails the command, so nothing is appended
 * that the read model lacks and no event is left to stall it.
 */
class InlineReadModelTest extends RunningService {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    dev.scimledger.projection.ReadModelCatchUp catchUp;
    @Value("${spring.datasource.url}")
    String url;

    @Test
    void theReadModelIsASubscribingProcessorWithNoTokens() {
        assertThat(processing.eventProcessor("scim-read-model", SubscribingEventProcessor.class)).isPresent();
        scim("POST", "/Users", newTenantToken(), entraUser(unique("inline"), "i"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = 'scim-read-model'",
                Integer.class)).isZero();
    }

    @Test
    void everyWriteIsInTheReadModelWhenItsAnswerArrives() {
        String token = newTenantToken();
        for (int i = 0; i < 20; i++) {
            String userName = unique("now");
            Response created = scim("POST", "/Users", token, entraUser(userName, "e" + i));
            assertThat(created.status()).isEqualTo(201);
            String id = created.text("/id");
            // straight from the table, on another connection, with no waiting
            assertThat(jdbc.queryForObject("SELECT version FROM scim_user WHERE user_id = ?", Long.class, id)).isZero();
            assertThat(scim("PATCH", "/Users/" + id, token,
                    patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]")).status()).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT active FROM scim_user WHERE user_id = ?", Boolean.class, id)).isFalse();
        }
    }

    @Test
    void aReadModelFailureFailsTheCommandAndLeavesNoTrace() throws Exception {
        String token = newTenantToken();
        String refused = unique("refused-by-the-read-model");
        try (Connection owner = DriverManager.getConnection(url, "postgres", superuserPassword());
             Statement statement = owner.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION inline_test_refuse() RETURNS trigger AS $$
                    BEGIN
                      IF NEW.user_name LIKE 'refused-by-the-read-model%' THEN
                        RAISE EXCEPTION 'the read model refuses %', NEW.user_name;
                      END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            statement.execute("CREATE TRIGGER inline_test_refuse BEFORE INSERT ON scim_user FOR EACH ROW "
                    + "EXECUTE FUNCTION inline_test_refuse()");
            try {
                long eventsBefore = events();
                Response failed = scim("POST", "/Users", token, entraUser(refused, "r"));
                assertThat(failed.status()).isGreaterThanOrEqualTo(500);
                assertThat(events()).as("nothing appended").isEqualTo(eventsBefore);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM user_name_claim WHERE user_name_key = ?",
                        Integer.class, refused.toLowerCase())).as("no userName claimed").isZero();
            } finally {
                statement.execute("DROP TRIGGER inline_test_refuse ON scim_user");
                statement.execute("DROP FUNCTION inline_test_refuse()");
            }
        }
        // the same request succeeds once the read model can take it: the failed one left nothing behind
        assertThat(scim("POST", "/Users", token, entraUser(refused, "r")).status()).isEqualTo(201);
    }

    /**
     * A log written before the read model was inline: the old processor's token stands before a user's events and
     * the read model lacks them. At start the catch-up applies them and removes the old tokens.
     */
    @Test
    void aReadModelBehindTheOldProcessorsTokenCatchesUpOnce() {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("behind"), "b")).text("/id");
        scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        long first = jdbc.queryForObject("SELECT min(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, id);
        jdbc.update("DELETE FROM scim_user WHERE user_id = ?", id);
        for (int segment = 0; segment < 2; segment++) {
            // segment 1 had passed the user's events but holds the first as a gap: not applied either
            String tracked = segment == 0 ? "{\"index\":" + (first - 1) + ",\"gaps\":[]}"
                    : "{\"index\":" + (first + 5) + ",\"gaps\":[" + first + "]}";
            jdbc.update("""
                    INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)
                    VALUES ('scim-read-model', ?, ?, 'org.axonframework.eventhandling.GapAwareTrackingToken', ?, NULL)""",
                    segment, tracked.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.now().toString());
        }

        catchUp.afterSingletonsInstantiated();

        assertThat(jdbc.queryForMap("SELECT version, active FROM scim_user WHERE user_id = ?", id))
                .containsEntry("version", 1L).containsEntry("active", false);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = 'scim-read-model'",
                Integer.class)).as("the old processor's tokens are gone").isZero();
        assertThat(scim("GET", "/Users/" + id, token, null).body().get("active").asBoolean()).isFalse();
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
