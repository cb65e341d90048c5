package dev.scimledger.gateway.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token the metrics credential ({@code SCIM_METRICS_TOKEN}): a bearer token that reads
 *              {@code /admin/actuator/prometheus} and nothing else, for the Prometheus scrape; empty: none (the scrape
 *              then needs an admin credential)
 */
@ConfigurationProperties("scim.metrics")
public record MetricsProperties(@DefaultValue("") String token) {
}
