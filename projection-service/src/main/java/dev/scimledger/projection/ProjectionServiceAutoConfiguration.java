package dev.scimledger.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.projection.audit.AuditTrail;
import dev.scimledger.projection.workers.SegmentBalancer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;

/**
 * Brings the read side (projections fed from the event log, query handlers) into any Spring Boot application that
 * has this module on its runtime classpath. Runs before Axon's JDBC auto-configuration so that its token schema
 * is the one used.
 */
@AutoConfiguration(before = JdbcAutoConfiguration.class)
@ComponentScan(value = {"dev.scimledger.projection.user", "dev.scimledger.projection.group", "dev.scimledger.projection.audit", "dev.scimledger.projection.kafka", "dev.scimledger.projection.tenant", "dev.scimledger.projection.history", "dev.scimledger.projection.quarantine"},
        // the re-publication's own auto-configuration sits beside the publisher and is not part of the read side
        excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class))
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionServiceAutoConfiguration {

    /**
     * Whether this node runs the projections' tracking processors (audit trail, Kafka publisher; the chain sealer has
     * {@code scim.chain.sealing.enabled}). Off on a node in the gateway role. The SCIM read model is not among them: it
     * is written inline by whichever node decides a command.
     */
    public static final String PROJECTIONS_ENABLED = "scim.projections.enabled";

    // The read model itself is written inline, in each command's transaction: InlineReadModelAutoConfiguration.

    @Bean
    @ConditionalOnProperty(name = PROJECTIONS_ENABLED, matchIfMissing = true)
    public AuditTrail auditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        return new AuditTrail(jdbc, json, ReadModelTables.LIVE);
    }

    /** Shares the processors' segments among the worker nodes alive, instead of the first one holding them all. */
    @Bean
    @ConditionalOnProperty(name = PROJECTIONS_ENABLED, matchIfMissing = true)
    public SegmentBalancer segmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, TokenStore tokens) {
        // the node's name as Axon's token store writes it into token_entry.owner
        return new SegmentBalancer(jdbc, processing, tokens, ManagementFactory.getRuntimeMXBean().getName());
    }

    /** Where each projection has got to in the log: {@code token_entry} of {@code V100__read_model_and_audit.sql}. */
    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * A projection that fails on an event must not skip it: the error propagates, the processor releases its
     * segment and retries the same event with back-off until it succeeds, and the failure is logged each time.
     */
    @Bean
    public ConfigurerModule projectionErrorsPropagate() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }
}
