package dev.scimledger.gateway.health;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * Readiness's view of the tracking projections ({@code projections}, on the nodes that run them): each is running and
 * none of its segments is in error (Axon then retries, backing off up to a minute, and applies nothing meanwhile).
 * A processor stuck so is down here, by name, where it would otherwise show only in the log.
 */
@Component("projections")
@ConditionalOnProperty(name = "scim.projections.enabled", matchIfMissing = true)
class ProjectionReadiness implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    ProjectionReadiness(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, String> states = new TreeMap<>();
        boolean up = true;
        for (Map.Entry<String, EventProcessor> processor : processing.eventProcessors().entrySet()) {
            if (!(processor.getValue() instanceof StreamingEventProcessor streaming)) {
                continue;
            }
            String state;
            if (!streaming.isRunning()) {
                state = "not running";
            } else if (streaming.isError() || streaming.processingStatus().values().stream()
                    .anyMatch(status -> status.isErrorState())) {
                state = "in error, retrying";
            } else {
                state = "running";
            }
            up &= state.equals("running");
            states.put(processor.getKey(), state);
        }
        return (up ? Health.up() : Health.down()).withDetails(Map.copyOf(states)).build();
    }
}
