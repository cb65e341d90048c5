package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may send any X-Forwarded-For (issue 15: trusted from every private range, loopback included). An address
 * longer than the audit trail's column once stopped the trail for every tenant; it is cut to what the trail keeps,
 * and the writes after it are audited as usual.
 */
class ForgedClientAddressTest extends RunningService {

    @Test
    void anOverlongForwardedAddressIsCutAndTheTrailGoesOn() throws Exception {
        TenantAccess tenant = newTenant();
        String forged = "9".repeat(300);
        Response first = call("POST", BASE + "/Users", tenant.token(), entraUser(unique("forged"), "x1"),
                "X-Forwarded-For", forged);
        assertThat(first.status()).isEqualTo(201);
        Response second = scim("POST", "/Users", tenant.token(), entraUser(unique("after"), "x2"));
        assertThat(second.status()).isEqualTo(201);

        JsonNode trail = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            trail = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?type=UserCreatedEvent", ADMIN_TOKEN,
                    null).body().get("events");
            if (trail.size() == 2) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(trail).as("both creates audited").hasSize(2);
        assertThat(trail.get(0).path("clientAddress").asText()).isEqualTo(forged.substring(0, 128));
        assertThat(trail.get(1).path("clientAddress").asText()).isEqualTo("127.0.0.1");
    }
}
