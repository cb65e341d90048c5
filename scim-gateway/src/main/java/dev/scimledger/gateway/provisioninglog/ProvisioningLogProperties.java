package dev.scimledger.gateway.provisioninglog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The provisioning log's settings ({@code scim.provisioning-log.*}).
 *
 * @param enabled       whether SCIM requests are recorded at all
 * @param retention     how long a request is kept ({@code SCIM_PROVISIONING_LOG_RETENTION}, 30 days)
 * @param queueCapacity requests waiting to be written; beyond, new ones are dropped and counted (the database is
 *                      slow or away), never waited for
 */
@ConfigurationProperties("scim.provisioning-log")
public record ProvisioningLogProperties(@DefaultValue("true") boolean enabled,
                                        @DefaultValue("P30D") Duration retention,
                                        @DefaultValue("20000") int queueCapacity) {
}
