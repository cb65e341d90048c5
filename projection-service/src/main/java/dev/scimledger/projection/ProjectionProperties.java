package dev.scimledger.projection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The projection side's settings ({@code scim.*}), with their defaults here and nowhere else (Kafka's and the
 * rebuild's have records of their own).
 *
 * @param dataDir       where the node keeps its files (the chain's signing key by default)
 * @param searchTimeout how long one list or filter query may take in the database
 * @param chain         the chain's signing key file (default {@code <dataDir>/chain-signing-key.pem}) and how
 *                      often a signed checkpoint is taken
 */
@ConfigurationProperties("scim")
public record ProjectionProperties(@DefaultValue("./data") Path dataDir,
                                   @DefaultValue("PT10S") Duration searchTimeout,
                                   @DefaultValue Chain chain) {

    public record Chain(Path signingKeyFile, @DefaultValue("PT1M") Duration checkpointInterval) {
    }

    public Path chainSigningKeyFile() {
        return chain.signingKeyFile() != null ? chain.signingKeyFile() : dataDir.resolve("chain-signing-key.pem");
    }
}
