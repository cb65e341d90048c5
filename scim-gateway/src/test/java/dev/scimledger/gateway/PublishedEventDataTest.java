package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a CloudEvent published by reference points ({@code dataref}, {@code /admin/tenants/<t>/events/<id>}): the
 * admin API answers any event of the tenant with the data the publisher publishes for it, and nothing of another
 * tenant.
 */
class PublishedEventDataTest extends RunningService {

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${scim.kafka.topic:scim.events}")
    String topic;

    @Test
    void anEventsDataIsServedAsItIsPublished() {
        TenantAccess tenant = newTenant();
        TenantAccess other = newTenant();
        String id = scim("POST", "/Users", tenant.token(), entraUser(unique("by-ref"), "by-ref")).text("/id");
        String key = tenant.tenantId() + "/" + id;
        List<PublishedEvents.Published> published = PublishedEvents.withKey(PublishedEvents.read(bootstrapServers, topic,
                read -> !PublishedEvents.withKey(read, key).isEmpty(), Duration.ofSeconds(30)), key);
        assertThat(published).isNotEmpty();
        PublishedEvents.Published created = published.get(0);
        String path = "/admin/tenants/" + tenant.tenantId() + "/events/" + created.event().getId();

        Response served = call("GET", path, ADMIN_TOKEN, null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(created.data());
        assertThat(served.header("ce-type")).isEqualTo(created.type()).isEqualTo("dev.scimledger.user-created.v1");
        assertThat(served.header("ce-subject")).isEqualTo("Users/" + id);
        assertThat(served.header("ce-id")).isEqualTo(created.event().getId());

        JsonNode otherTenants = call("GET", "/admin/tenants/" + other.tenantId() + "/events/" + created.event().getId(),
                ADMIN_TOKEN, null).body();
        assertThat(otherTenants.path("status").asText()).isEqualTo("404");
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/events/no-such-event", ADMIN_TOKEN, null)
                .status()).isEqualTo(404);
        assertThat(call("GET", path, tenant.token(), null).status()).as("a SCIM token is not an admin's").isEqualTo(401);
    }
}
