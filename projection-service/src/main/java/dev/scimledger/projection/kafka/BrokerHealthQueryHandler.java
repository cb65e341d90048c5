package dev.scimledger.projection.kafka;

import dev.scimledger.messages.publishing.BrokerHealth;
import dev.scimledger.messages.publishing.BrokerHealthQuery;
import dev.scimledger.projection.ProjectionServiceAutoConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the Kafka cluster to describe itself, through one admin client kept for the purpose (the producers' settings:
 * TLS, SASL), with a two-second bound, so that a readiness probe learns in time that the broker is gone.
 */
@Component
@ConditionalOnProperty(name = ProjectionServiceAutoConfiguration.PROJECTIONS_ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(KafkaPublisherProperties.class)
class BrokerHealthQueryHandler implements DisposableBean {

    static final int TIMEOUT_MS = 2_000;

    private final KafkaPublisherProperties properties;
    private Admin admin;

    BrokerHealthQueryHandler(KafkaPublisherProperties properties) {
        this.properties = properties;
    }

    @QueryHandler
    synchronized BrokerHealth handle(BrokerHealthQuery query) {
        if (properties.bootstrapServers() == null || properties.bootstrapServers().isBlank()) {
            return new BrokerHealth(false, "scim.kafka.bootstrap-servers is not set (KAFKA_BOOTSTRAP_SERVERS)");
        }
        try {
            if (admin == null) {
                Map<String, Object> config = new HashMap<>(properties.client());
                config.keySet().retainAll(AdminClientConfig.configNames());
                config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                        AdminClientConfig.CLIENT_ID_CONFIG, "scim-ledger-health"));
                admin = Admin.create(config);
            }
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            return new BrokerHealth(true, nodes + (nodes == 1 ? " broker" : " brokers") + " answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BrokerHealth(false, "interrupted");
        } catch (Exception unreachable) {
            return new BrokerHealth(false, "the Kafka cluster did not answer within " + TIMEOUT_MS + " ms: "
                    + unreachable.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
