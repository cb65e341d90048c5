package dev.scimledger.projection.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where the event publisher sends: {@code scim.kafka.bootstrap-servers} (set by the embedded broker, or from
 * {@code KAFKA_BOOTSTRAP_SERVERS}), the topic and its partition count and replication factor when the publisher creates
 * it (replication factor 0: the cluster's {@code default.replication.factor}), the producer's
 * compression ({@code none}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}), and the CloudEvents
 * {@code source} prefix naming this service; the topic of the SCIM security event tokens (empty: none are published)
 * and their issuer; {@code lag-scan-limit} bounds how many events of a backlog the publishing lag counts one by one
 * before it reports the backlog as at least that long.
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
                                @DefaultValue("200000") int lagScanLimit) {
}
