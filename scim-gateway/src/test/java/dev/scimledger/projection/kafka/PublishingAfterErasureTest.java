package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.PublishedEvents;
import dev.scimledger.gateway.RunningService;
import dev.scimledger.messages.user.UserCreatedEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store keeps recently read events in memory for its readers, so the publisher can be handed a payload
 * decrypted before an erasure. It publishes it without the personal data once the person is erased.
 */
class PublishingAfterErasureTest extends RunningService {

    @Autowired
    KafkaEventPublisher publisher;
    @Autowired
    TransactionTemplate transactions;
    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aPayloadReadBeforeTheErasureIsPublishedErased() throws Exception {
        TenantAccess tenant = newTenant();
        String erasedName = unique("published-after");
        String erasedId = scim("POST", "/Users", tenant.token(), entraUser(erasedName, "x1")).text("/id");
        assertThat(scim("DELETE", "/Users/" + erasedId, tenant.token(), null).status()).isEqualTo(204);
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/users/" + erasedId + "/erasure", ADMIN_TOKEN,
                null).status()).isEqualTo(200);
        String keptName = unique("published-kept");
        String keptId = scim("POST", "/Users", tenant.token(), entraUser(keptName, "x2")).text("/id");

        String erasedEvent = publishAsIfReadEarlier(tenant.tenantId(), erasedId, erasedName);
        String keptEvent = publishAsIfReadEarlier(tenant.tenantId(), keptId, keptName);

        JsonNode erased = record(tenant.tenantId() + "/" + erasedId, erasedEvent);
        assertThat(erased.at("/userName").asText()).isEqualTo("[erased]");
        assertThat(erased.at("/attributes/emails").asText()).isEqualTo("[erased]");
        assertThat(erased.toString()).doesNotContain(erasedName);
        JsonNode kept = record(tenant.tenantId() + "/" + keptId, keptEvent);
        assertThat(kept.at("/userName").asText()).as("a person not erased is published as is").isEqualTo(keptName);
    }

    /** Hands the publisher a decrypted payload directly, as the event store's in-memory cache would; its event id. */
    private String publishAsIfReadEarlier(String tenantId, String userId, String userName) {
        ObjectNode attributes = JSON.createObjectNode().put("userName", userName);
        attributes.putArray("emails").addObject().put("value", userName).put("type", "work");
        UserCreatedEvent event = new UserCreatedEvent(tenantId, userId, userName, attributes, true, Instant.now());
        GenericDomainEventMessage<UserCreatedEvent> message = new GenericDomainEventMessage<>("User", userId, 0, event);
        transactions.executeWithoutResult(status -> {
            try {
                publisher.on(event, message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return message.getIdentifier();
    }

    private JsonNode record(String key, String eventId) {
        return PublishedEvents.withKey(PublishedEvents.read(bootstrapServers, "scim.events",
                        read -> read.stream().anyMatch(r -> r.event().getId().equals(eventId)), Duration.ofSeconds(30)), key)
                .stream().filter(r -> r.event().getId().equals(eventId)).findFirst()
                .map(PublishedEvents.Published::data).orElseThrow(() -> new AssertionError("no record " + eventId));
    }
}
