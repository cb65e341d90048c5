package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may send any X-Forwarded-* header. They used to be trusted from every private range, loopback included,
 * so a client could write any address into the audit trail (one longer than its column once stopped the trail for
 * every tenant) and any host into Location and meta.location. Now they count only from the proxies
 * {@code SCIM_TRUSTED_PROXIES} names, by default none: the trail records the connection's address and Location
 * names the host the client called.
 */
class ForgedClientAddressTest extends RunningService {

    @Test
    void forwardedHeadersFromAClientAreIgnored() throws Exception {
        TenantAccess tenant = newTenant();
        Response created = call("POST", BASE + "/Users", tenant.token(), entraUser(unique("forged"), "x1"),
                "X-Forwarded-For", "9".repeat(300), "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).startsWith("http://127.0.0.1:" + port + BASE + "/Users/")
                .doesNotContain("evil.example");
        assertThat(created.text("/meta/location")).isEqualTo(created.header("Location"));

        JsonNode trail = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            trail = call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?type=UserCreatedEvent", ADMIN_TOKEN,
                    null).body().get("events");
            if (trail.size() == 1) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).path("clientAddress").asText()).isEqualTo("127.0.0.1");
    }
}
