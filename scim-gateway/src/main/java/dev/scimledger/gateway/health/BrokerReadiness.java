package dev.scimledger.gateway.health;

import dev.scimledger.messages.publishing.BrokerHealth;
import dev.scimledger.messages.publishing.BrokerHealthQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Readiness's view of Kafka ({@code kafka}), on the nodes that publish to it (the projections' side: {@code all}
 * and {@code worker}; a gateway serves SCIM without the broker): the cluster answers within about two seconds.
 */
@Component("kafka")
@ConditionalOnProperty(name = "scim.projections.enabled", matchIfMissing = true)
class BrokerReadiness implements HealthIndicator {

    private final QueryGateway queries;

    BrokerReadiness(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public Health health() {
        try {
            BrokerHealth broker = queries.query(new BrokerHealthQuery(), BrokerHealth.class).get(5, TimeUnit.SECONDS);
            return (broker.reachable() ? Health.up() : Health.down()).withDetail("detail", broker.detail()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        } catch (Exception failed) {
            return Health.down().withDetail("detail", "the broker check failed: " + failed.getClass().getSimpleName())
                    .build();
        }
    }
}
