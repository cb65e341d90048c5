package dev.scimledger.projection.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryGateway;
import dev.scimledger.projection.ProjectionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;


/**
 * Tamper evidence for the event log: the sealer (a tracking processor) and the checkpoint signer where the service
 * runs ({@code scim.chain.sealing.enabled}, default true), the verifier everywhere (also on the jar's command line).
 */
@AutoConfiguration
@EnableConfigurationProperties(ProjectionProperties.class)
public class EventChainAutoConfiguration {

    @Bean
    public ChainSigningKey chainSigningKey(ProjectionProperties properties) {
        return ChainSigningKey.load(properties.chainSigningKeyFile());
    }

    @Bean
    public ChainVerifier chainVerifier(JdbcTemplate jdbc, ChainSigningKey key, ObjectMapper json, QueryGateway queries) {
        return new ChainVerifier(jdbc, key, json, queries);
    }

    @Bean
    @ConditionalOnProperty(name = "scim.chain.sealing.enabled", matchIfMissing = true)
    public EventChainSealer eventChainSealer(JdbcTemplate jdbc) {
        return new EventChainSealer(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "scim.chain.sealing.enabled", matchIfMissing = true)
    public ChainCheckpoints chainCheckpoints(JdbcTemplate jdbc, ChainSigningKey key,
                                             ProjectionProperties properties) {
        return new ChainCheckpoints(jdbc, key, properties.chain().checkpointInterval());
    }
}
