package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.PublishedEvents;
import dev.scimledger.gateway.RunningService;
import dev.scimledger.projection.chain.ChainSigningKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second topic: each SCIM change as a Security Event Token of RFC 9967, signed with the operator's key, with the
 * same id as the CloudEvent of the same change.
 */
class SecurityEventTokenTest extends RunningService {

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void eachScimChangeIsASignedSecurityEventToken() throws Exception {
        TenantAccess tenant = newTenant();
        String userName = unique("set");
        String user = scim("POST", "/Users", tenant.token(), entraUser(userName, "set-ext")).text("/id");
        String other = scim("POST", "/Users", tenant.token(), entraUser(unique("set-other"), "set-other")).text("/id");
        ok(scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Set Person\"}]")));
        ok(scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
        ok(scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]")));
        String group = scim("POST", "/Groups", tenant.token(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"SET group " + UUID.randomUUID() + "\"}").text("/id");
        ok(scim("PATCH", "/Groups/" + group, tenant.token(), patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + other + "\"}]}]")));
        ok(scim("PATCH", "/Groups/" + group, tenant.token(), patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                + other + "\\\"]\"}]")));
        ok(scim("DELETE", "/Users/" + user, tenant.token(), null));

        String userKey = tenant.tenantId() + "/" + user;
        String groupKey = tenant.tenantId() + "/" + group;
        List<ConsumerRecord<String, String>> tokens = read(records -> records.stream()
                .filter(r -> r.key().equals(userKey)).count() >= 5 && records.stream().anyMatch(r -> r.key().equals(groupKey)
                && r.value().length() > 0 && claims(r.value()).at("/events").has(SecurityEventTokens.PREFIX + "prov:patch:full")
                && claims(r.value()).toString().contains("\"remove\"")));
        PublicKey publicKey = ChainSigningKey.publicKey(call("GET", "/admin/chain/public-key", ADMIN_TOKEN, null).raw().body());

        List<JsonNode> userTokens = new ArrayList<>();
        for (ConsumerRecord<String, String> record : tokens) {
            if (!record.key().startsWith(tenant.tenantId() + "/")) {
                continue;
            }
            String[] parts = record.value().split("\\.");
            assertThat(parts).hasSize(3);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
            assertThat(header.path("typ").asText()).isEqualTo("secevent+jwt");
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signed by the operator's key").isTrue();
            assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/secevent+jwt");
            JsonNode claims = claims(record.value());
            assertThat(claims.path("tenant").asText()).isEqualTo(tenant.tenantId());
            assertThat(claims.path("iss").asText()).isEqualTo("urn:scim-ledger");
            assertThat(claims.path("iat").asLong()).isPositive();
            if (record.key().equals(userKey)) {
                userTokens.add(claims);
            }
        }
        assertThat(userTokens).extracting(c -> c.path("events").fieldNames().next()).containsExactly(
                SecurityEventTokens.PREFIX + "prov:create:full", SecurityEventTokens.PREFIX + "prov:put:full",
                SecurityEventTokens.PREFIX + "prov:deactivate", SecurityEventTokens.PREFIX + "prov:activate",
                SecurityEventTokens.PREFIX + "prov:delete");
        JsonNode created = userTokens.get(0);
        assertThat(created.at("/sub_id/format").asText()).isEqualTo("scim");
        assertThat(created.at("/sub_id/uri").asText()).isEqualTo("/Users/" + user);
        JsonNode resource = created.at("/events/" + SecurityEventTokens.PREFIX + "prov:create:full/data");
        assertThat(resource.path("userName").asText()).isEqualTo(userName);
        assertThat(resource.path("id").asText()).isEqualTo(user);
        assertThat(resource.path("active").asBoolean()).isTrue();
        assertThat(userTokens.get(1).at("/events/" + SecurityEventTokens.PREFIX + "prov:put:full/attributes").toString())
                .contains("displayName");

        // the same change, the same id, on both topics
        List<String> cloudEventIds = PublishedEvents.withKey(PublishedEvents.read(bootstrapServers, "scim.events",
                read -> PublishedEvents.withKey(read, userKey).size() >= 5, Duration.ofSeconds(60)), userKey)
                .stream().map(r -> r.event().getId()).toList();
        assertThat(cloudEventIds).as("the user's five events").hasSize(5)
                .containsExactlyElementsOf(userTokens.stream().map(c -> c.path("jti").asText()).toList());

        JsonNode removal = tokens.stream().filter(r -> r.key().equals(groupKey)).map(r -> claims(r.value()))
                .filter(c -> c.toString().contains("\"remove\"")).findFirst().orElseThrow();
        assertThat(removal.at("/events/" + SecurityEventTokens.PREFIX + "prov:patch:full/data/Operations/0/path").asText())
                .isEqualTo("members[value eq \"" + other + "\"]");
    }

    private List<ConsumerRecord<String, String>> read(java.util.function.Predicate<List<ConsumerRecord<String, String>>> enough) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "set-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("scim.events.set"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !enough.test(read)) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    private static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.raw().body()).isBetween(200, 299);
    }
}
