package dev.scimledger.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The command side's settings ({@code scim.*}), with their defaults here and nowhere else.
 *
 * @param dataDir    where the node keeps its files (the log's MAC key by default)
 * @param log        the file of the key that makes each appended event's MAC (default {@code <dataDir>/event-mac.key})
 * @param eventstore how often the event store looks for events appended by other nodes
 */
@ConfigurationProperties("scim")
public record CommandServiceProperties(@DefaultValue("./data") Path dataDir,
                                       @DefaultValue Log log,
                                       @DefaultValue Eventstore eventstore) {

    public record Log(Path macKeyFile) {
    }

    public record Eventstore(@DefaultValue("PT0.05S") Duration fetchDelay) {
    }

    public Path macKeyFile() {
        return log.macKeyFile() != null ? log.macKeyFile() : dataDir.resolve("event-mac.key");
    }
}
