package dev.scimledger.gateway.publishing;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.messages.publishing.PublishingLag;
import dev.scimledger.messages.publishing.PublishingLagQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka publishing lag as gauges: {@code scim.kafka.publishing.pending} (events not published yet) and
 * {@code scim.kafka.publishing.oldest.age} (seconds the oldest of them has waited, 0 when none). Counting reads the
 * log, so the figures are measured at most once per {@code scim.kafka.lag-metric-refresh}, however often they are
 * scraped; the age is reckoned from the measured time of the oldest event at each read.
 */
@Component
class PublishingLagGauges {

    private static final Logger log = LoggerFactory.getLogger(PublishingLagGauges.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final QueryGateway queries;
    private final Duration refresh;
    private PublishingLag measured;
    private long measuredAtNanos;

    PublishingLagGauges(QueryGateway queries, MeterRegistry registry, GatewayProperties properties) {
        this.queries = queries;
        this.refresh = properties.kafka().lagMetricRefresh();
        Gauge.builder("scim.kafka.publishing.pending", this, PublishingLagGauges::pending)
                .description("Events of the log not yet published to Kafka (a lower bound on a very long backlog)")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("scim.kafka.publishing.oldest.age", this, PublishingLagGauges::oldestAgeSeconds)
                .description("How long the oldest event not yet published to Kafka has waited")
                .baseUnit("seconds")
                .register(registry);
    }

    private double pending() {
        PublishingLag lag = lag();
        return lag == null ? Double.NaN : lag.pending();
    }

    private double oldestAgeSeconds() {
        PublishingLag lag = lag();
        return lag == null ? Double.NaN : lag.oldestPendingAge(Instant.now()).toMillis() / 1000.0;
    }

    /** The last measurement while it is fresh, else a new one; null when it cannot be measured now. */
    private synchronized PublishingLag lag() {
        if (measured != null && System.nanoTime() - measuredAtNanos < refresh.toNanos()) {
            return measured;
        }
        try {
            measured = queries.query(new PublishingLagQuery(), PublishingLag.class)
                    .get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            measuredAtNanos = System.nanoTime();
            return measured;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("cannot measure the Kafka publishing lag: {}", e.toString());
            return null;
        }
    }
}
