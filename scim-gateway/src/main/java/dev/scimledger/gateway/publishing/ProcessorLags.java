package dev.scimledger.gateway.publishing;

import dev.scimledger.gateway.GatewayProperties;
import dev.scimledger.messages.publishing.ProcessorLagQuery;
import dev.scimledger.messages.publishing.PublishingLag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tracking processor's lag, measured (from its tokens and the log) at most once per
 * {@code scim.kafka.lag-metric-refresh} whoever asks: the Kafka publishing gauges and the projection lag gauges
 * read the publisher's from the same measurement.
 */
@Component
class ProcessorLags {

    private final QueryGateway queries;
    private final GatewayProperties properties;
    private final ConcurrentHashMap<String, CachedQuery<PublishingLag>> measured = new ConcurrentHashMap<>();

    ProcessorLags(QueryGateway queries, GatewayProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /** The processor's last measured lag, measured again when older than the refresh; null when it cannot be. */
    PublishingLag of(String processor) {
        return measured.computeIfAbsent(processor, name -> new CachedQuery<>("the lag of " + name,
                properties.kafka().lagMetricRefresh(),
                () -> queries.query(new ProcessorLagQuery(name), PublishingLag.class))).get();
    }
}
