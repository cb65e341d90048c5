package dev.scimledger.gateway.publishing;

import dev.scimledger.messages.publishing.PublishingLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * How far each tracking processor of this node (the audit trail, the chain sealer, the Kafka publisher) is behind the
 * log, from the processors' tokens (so the same on every node that runs it; take the max across nodes):
 * {@code scim.projection.lag.events{processor}} (events it has not applied, a lower bound on a very long backlog) and
 * {@code scim.projection.lag{processor}} in seconds (how long the oldest of them has waited; the chain sealer's is
 * the chain's sealing lag). Measured by {@link ProcessorLags}, at most once per {@code scim.kafka.lag-metric-refresh}.
 */
@Component
@ConditionalOnProperty(name = "scim.projections.enabled", matchIfMissing = true)
class ProjectionLagGauges {

    ProjectionLagGauges(EventProcessingConfiguration processing, ProcessorLags lags, MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor)) {
                return;
            }
            Gauge.builder("scim.projection.lag.events", lags, l -> {
                        PublishingLag lag = l.of(name);
                        return lag == null ? Double.NaN : lag.pending();
                    })
                    .description("Events of the log the processor has not applied yet")
                    .tag("processor", name)
                    .baseUnit("events")
                    .register(registry);
            Gauge.builder("scim.projection.lag", lags, l -> {
                        PublishingLag lag = l.of(name);
                        return lag == null ? Double.NaN : lag.oldestPendingAge(Instant.now()).toMillis() / 1000.0;
                    })
                    .description("How long the oldest event the processor has not applied has waited")
                    .tag("processor", name)
                    .baseUnit("seconds")
                    .register(registry);
        });
    }
}
