package dev.scimledger.projection.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Where the event publisher sends: {@code scim.kafka.bootstrap-servers} (set by the embedded broker, or from
 * {@code KAFKA_BOOTSTRAP_SERVERS}), the topic and its partition count and replication factor when the publisher creates
 * it (replication factor 0: the cluster's {@code default.replication.factor}), the producer's
 * compression ({@code none}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}), and the CloudEvents
 * {@code source} prefix naming this service; the topic of the SCIM security event tokens (empty: none are published)
 * and their issuer; {@code lag-scan-limit} bounds how many events of a backlog the publishing lag counts one by one
 * before it reports the backlog as at least that long.
 *
 * <p>{@code client} holds any setting of the Kafka clients themselves, by its Kafka name, e.g.
 * {@code scim.kafka.client[security.protocol]=SASL_SSL}, {@code scim.kafka.client[sasl.mechanism]=SCRAM-SHA-512},
 * {@code scim.kafka.client[sasl.jaas.config]=…}, {@code scim.kafka.client[ssl.truststore.location]=…}: given to the
 * producers and to the admin client that creates the topics. It may not weaken what the publisher promises:
 * {@code acks=all} and idempotence stay on.
 */
@ConfigurationProperties("scim.kafka")
record KafkaPublisherProperties(String bootstrapServers,
                                @DefaultValue("scim.events") String topic,
                                @DefaultValue("3") int partitions,
                                @DefaultValue("0") short replicationFactor,
                                @DefaultValue("PT15S") Duration sendTimeout,
                                @DefaultValue("none") String compression,
                                @DefaultValue("/scim-ledger") String source,
                                @DefaultValue("scim.events.set") String setTopic,
                                @DefaultValue("urn:scim-ledger") String setIssuer,
                                @DefaultValue("200000") int lagScanLimit,
                                Map<String, String> client) {

    KafkaPublisherProperties {
        client = client == null ? Map.of() : Map.copyOf(client);
    }
}
