package dev.scimledger.gateway;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka publishing lag, seen by an operator: held back, the publisher's backlog shows in the admin API and in the
 * Prometheus scrape (both behind the admin token); let go, the backlog drains to nothing.
 */
class PublishingLagTest extends RunningService {

    private static final int WRITES = 5;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aHeldBackPublisherShowsItsBacklogAndDrainsIt() throws InterruptedException {
        EventProcessor publisher = processing.eventProcessor("kafka-publisher").orElseThrow();
        publisher.shutDown();
        try {
            TenantAccess tenant = newTenant();
            for (int i = 0; i < WRITES; i++) {
                assertThat(scim("POST", "/Users", tenant.token(), entraUser(unique("lag"), "lag-" + i)).status())
                        .isEqualTo(201);
            }

            Response lag = call("GET", "/admin/kafka/lag", ADMIN_TOKEN, null);
            assertThat(lag.status()).as(lag.raw().body()).isEqualTo(200);
            assertThat(lag.body().get("pending").asLong()).isGreaterThanOrEqualTo(WRITES);
            assertThat(lag.body().get("exact").asBoolean()).isTrue();
            assertThat(lag.text("/topic")).isEqualTo("scim.events");
            assertThat(lag.body().get("oldestPendingAgeSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(Instant.parse(lag.text("/oldestPendingAt"))).isBeforeOrEqualTo(Instant.now());

            Response scrape = call("GET", "/admin/actuator/prometheus", ADMIN_TOKEN, null);
            assertThat(scrape.status()).as(scrape.raw().body()).isEqualTo(200);
            assertThat(scrape.raw().body()).contains("scim_kafka_publishing_pending_events",
                    "scim_kafka_publishing_oldest_age_seconds");
            assertThat(call("GET", "/admin/actuator/metrics/scim.kafka.publishing.pending", ADMIN_TOKEN, null).status())
                    .isEqualTo(200);
            // a held-back publisher shows in health, by name, and takes the node out of readiness
            Response health = call("GET", "/admin/actuator/health", ADMIN_TOKEN, null);
            assertThat(health.text("/status")).as(health.raw().body()).isEqualTo("DOWN");
            assertThat(health.text("/components/projections/details/kafka-publisher")).isEqualTo("not running");
            assertThat(health.text("/components/database/status")).isEqualTo("UP");
            assertThat(call("GET", "/admin/actuator/health/readiness", ADMIN_TOKEN, null).status()).isEqualTo(503);

            Response anonymous = call("GET", "/admin/actuator/prometheus", null, null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.raw().body()).doesNotContain("scim_kafka");
            assertThat(call("GET", "/admin/kafka/lag", null, null).status()).isEqualTo(401);
            assertThat(call("GET", "/admin/actuator/prometheus", tenant.token(), null).status()).isEqualTo(401);
        } finally {
            publisher.start();
        }

        long deadline = System.nanoTime() + 120_000_000_000L;
        Response lag = call("GET", "/admin/kafka/lag", ADMIN_TOKEN, null);
        while (lag.body().get("pending").asLong() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lag = call("GET", "/admin/kafka/lag", ADMIN_TOKEN, null);
        }
        assertThat(lag.body().get("pending").asLong()).as(lag.raw().body()).isZero();
        assertThat(lag.body().has("oldestPendingAt")).as("nothing waits: " + lag.raw().body()).isFalse();
    }

    @Test
    void onlyHealthMetricsAndPrometheusAreExposedAndOnlyUnderTheAdminPath() {
        for (String hidden : new String[]{"/admin/actuator/env", "/admin/actuator/beans", "/admin/actuator/heapdump",
                "/admin/actuator/loggers", "/admin/actuator/info", "/admin/actuator"}) {
            assertThat(call("GET", hidden, ADMIN_TOKEN, null).status()).as(hidden).isEqualTo(404);
        }
        for (String elsewhere : new String[]{"/actuator/health", "/actuator/prometheus", "/actuator"}) {
            assertThat(call("GET", elsewhere, null, null).status()).as(elsewhere).isEqualTo(404);
        }
    }
}
