package dev.scimledger.gateway;

import dev.scimledger.messages.ReadModelCaughtUpQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's position, as the delete's read-your-writes barrier uses it, on the real token table (the rule
 * itself, gaps included, is table-tested in projection-service's ReadModelPositionTest).
 */
class ReadModelCaughtUpTest extends RunningService {

    @Autowired
    QueryGateway queries;

    @Test
    void theReadModelIsCaughtUpAfterAWriteAndTheDeleteSweepIsVisibleAtOnce() {
        String token = newTenantToken();
        String user = scim("POST", "/Users", token, entraUser(unique("swept"), "s")).text("/id");
        String group = scim("POST", "/Groups", token, "{\"displayName\":\"Sweep\",\"members\":[{\"value\":\"" + user + "\"}]}")
                .text("/id");
        assertThat(queries.query(new ReadModelCaughtUpQuery(), Boolean.class).join()).isTrue();

        assertThat(scim("DELETE", "/Users/" + user, token, null).status()).isEqualTo(204);
        assertThat(scim("GET", "/Groups/" + group, token, null).body().has("members"))
                .as("the group read right after the 204 no longer has the member").isFalse();
        // the barrier is reached, not waited out: asked again now, the read model counts as caught up
        assertThat(queries.query(new ReadModelCaughtUpQuery(), Boolean.class).join()).isTrue();
    }
}
