package dev.scimledger.gateway.publishing;

import dev.scimledger.messages.publishing.ProcessorLagQuery;
import dev.scimledger.messages.publishing.PublishingLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The Kafka publishing lag as gauges: {@code scim.kafka.publishing.pending} (events not published yet) and
 * {@code scim.kafka.publishing.oldest.age} (seconds the oldest of them has waited, 0 when none). Counting reads the
 * log, so the figures are measured at most once per {@code scim.kafka.lag-metric-refresh}, however often they are
 * scraped; the age is reckoned from the measured time of the oldest event at each read.
 */
@Component
class PublishingLagGauges {

    private final ProcessorLags lags;

    PublishingLagGauges(ProcessorLags lags, MeterRegistry registry) {
        this.lags = lags;
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
        PublishingLag lag = lags.of(ProcessorLagQuery.KAFKA_PUBLISHER);
        return lag == null ? Double.NaN : lag.pending();
    }

    private double oldestAgeSeconds() {
        PublishingLag lag = lags.of(ProcessorLagQuery.KAFKA_PUBLISHER);
        return lag == null ? Double.NaN : lag.oldestPendingAge(Instant.now()).toMillis() / 1000.0;
    }
}
