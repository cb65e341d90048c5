package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user or group past a limit of {@code ResourceLimits} is refused with a 400 that names the limit, and nothing is
 * written: before the limits, each of these requests was answered 201 and wrote an event that a projection or the
 * Kafka publisher could never apply (an 800 KB value outgrew a Kafka record; 400 CJK characters of externalId
 * outgrew the read model's index), stalling them for every tenant.
 */
class ResourceLimitsTest extends RunningService {

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${scim.kafka.topic}")
    String topic;

    @Test
    void anOversizedValueIsRefusedAndTheUserNameStaysFree() {
        String token = newTenantToken();
        String userName = unique("huge");
        String huge = entraUser(userName, "ext-huge").replace("\"displayName\":\"Test User\"",
                "\"displayName\":\"Test User\",\"title\":\"" + "t".repeat(800 * 1024) + "\"");
        Response refused = scim("POST", "/Users", token, huge);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/scimType")).isEqualTo("invalidValue");
        assertThat(refused.text("/detail")).contains("a value of title is 819200 bytes").contains("at most 16384");

        Response created = scim("POST", "/Users", token, entraUser(userName, "ext-huge"));
        assertThat(created.status()).as("nothing of the refused request was written").isEqualTo(201);
        assertThat(scim("GET", "/Users/" + created.text("/id"), token, null).status()).isEqualTo(200);
    }

    @Test
    void anExternalIdBeyondTheIndexIsRefusedAndTheNextUserIsReadable() throws InterruptedException {
        TenantAccess tenant = newTenant();
        String token = tenant.token();
        Response refused = scim("POST", "/Users", token, entraUser(unique("cjk"), "\u4e00".repeat(1024)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/detail")).contains("externalId is 3072 bytes in UTF-8; it may be at most 1024");

        String next = unique("next");
        String id = scim("POST", "/Users", token, entraUser(next, "ext-next")).text("/id");
        assertThat(scim("GET", "/Users/" + id, token, null).text("/userName")).isEqualTo(next);
        Response found = scim("GET", "/Users?filter=" + URLEncoder.encode("userName eq \"" + next + "\"",
                StandardCharsets.UTF_8), token, null);
        assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);

        // and every projection goes on with it: the audit trail and Kafka have it, and nothing was set aside
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?resourceId="
                + id, ADMIN_TOKEN, null).body().get("events").size() < 1) {
            Thread.sleep(50);
        }
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/audit?resourceId=" + id, ADMIN_TOKEN, null)
                .body().get("events")).hasSize(1);
        String key = tenant.tenantId() + "/" + id;
        assertThat(PublishedEvents.read(bootstrapServers, topic, read -> !PublishedEvents.withKey(read, key).isEmpty(),
                Duration.ofSeconds(30))).anyMatch(r -> r.key().equals(key));
        assertThat(call("GET", "/admin/quarantine", ADMIN_TOKEN, null).body().get("events").findValuesAsText("tenantId"))
                .doesNotContain(tenant.tenantId());

        Response group = scim("POST", "/Groups", token,
                "{\"displayName\":\"" + unique("g") + "\",\"externalId\":\"" + "\u4e00".repeat(400) + "\"}");
        assertThat(group.status()).isEqualTo(400);
        assertThat(group.text("/detail")).contains("externalId is 1200 bytes");
    }

    @Test
    void aPatchThatWouldPassTheValueCountIsRefusedAndChangesNothing() {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("many"), "ext-many")).text("/id");
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            emails.append(i == 0 ? "" : ",").append("{\"value\":\"u").append(i).append("@example.com\",\"type\":\"other\"}");
        }
        Response refused = scim("PATCH", "/Users/" + id, token,
                patch("[{\"op\":\"add\",\"path\":\"emails\",\"value\":[" + emails + "]}]"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/detail")).contains("emails would have 1001 values; a multi-valued attribute may have at most 1000");
        Response user = scim("GET", "/Users/" + id, token, null);
        assertThat(user.body().get("emails")).hasSize(1);
        assertThat(user.text("/meta/version")).isEqualTo("W/\"0\"");
    }
}
