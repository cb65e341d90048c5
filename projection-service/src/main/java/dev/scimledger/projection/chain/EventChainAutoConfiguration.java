package dev.scimledger.projection.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tamper evidence for the event log: the sealer (a tracking processor) and the checkpoint signer where the service
 * runs ({@code scim.chain.sealing.enabled}, default true), the verifier everywhere (also on the jar's command line).
 */
@AutoConfiguration
public class EventChainAutoConfiguration {

    @Bean
    public ChainSigningKey chainSigningKey(@Value("${scim.chain.signing-key-file:${scim.data-dir:./data}/chain-signing-key.pem}")
                                           Path file) {
        return ChainSigningKey.load(file);
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
                                             @Value("${scim.chain.checkpoint-interval:PT1M}") Duration interval) {
        return new ChainCheckpoints(jdbc, key, interval);
    }
}
