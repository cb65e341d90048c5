package dev.scimledger.gateway.provisioninglog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/** The provisioning log: its reader always; its filter and writer unless {@code scim.provisioning-log.enabled=false}. */
@Configuration
@EnableConfigurationProperties(ProvisioningLogProperties.class)
class ProvisioningLogConfiguration {

    @Bean
    ProvisioningLog provisioningLog(JdbcTemplate jdbc) {
        return new ProvisioningLog(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "scim.provisioning-log.enabled", matchIfMissing = true)
    ProvisioningLogWriter provisioningLogWriter(JdbcTemplate jdbc, ObjectMapper json,
                                                ProvisioningLogProperties properties, MeterRegistry meters) {
        return new ProvisioningLogWriter(jdbc, json, properties, meters);
    }

    @Bean
    @ConditionalOnProperty(name = "scim.provisioning-log.enabled", matchIfMissing = true)
    FilterRegistrationBean<ProvisioningLogFilter> provisioningLogFilter(GatewayProperties properties,
                                                                        ProvisioningLogWriter writer) {
        FilterRegistrationBean<ProvisioningLogFilter> registration = new FilterRegistrationBean<>(
                new ProvisioningLogFilter(properties, writer));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
