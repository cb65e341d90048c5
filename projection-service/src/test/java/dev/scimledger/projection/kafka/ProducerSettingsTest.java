package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The producers take any Kafka client setting from {@code scim.kafka.client}, but never weaken acks or idempotence. */
class ProducerSettingsTest {

    private static Map<String, Object> producerConfig(Map<String, String> client) {
        KafkaPublisherProperties properties = new KafkaPublisherProperties("127.0.0.1:9092", "scim.events", 3,
                (short) 0, Duration.ofSeconds(15), "none", "/scim-ledger", "scim.events.set", "urn:scim-ledger",
                200_000, client);
        return new EventRecords(properties, new ObjectMapper(), persons -> Set.of()).config("test");
    }

    @Test
    void tlsAndSaslSettingsReachTheProducer() {
        Map<String, Object> config = producerConfig(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "compression.type", "zstd"));
        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    }

    @Test
    void acksAndIdempotenceCannotBeWeakened() {
        Map<String, Object> config = producerConfig(Map.of("acks", "0", "enable.idempotence", "false",
                "bootstrap.servers", "elsewhere:9092"));
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    }

    @Test
    void withoutClientSettingsTheDefaultsStand() {
        Map<String, Object> config = producerConfig(null);
        assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .doesNotContainKey("security.protocol");
    }

    @Test
    void anEnvironmentVariableNamesTheSettingWithUnderscoresForDots() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "SCIM_KAFKA_BOOTSTRAPSERVERS", "broker:9093",
                "SCIM_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "SCIM_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        KafkaPublisherProperties bound = new Binder(ConfigurationPropertySources.from(environment))
                .bind("scim.kafka", KafkaPublisherProperties.class).get();
        assertThat(bound.client()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
}
