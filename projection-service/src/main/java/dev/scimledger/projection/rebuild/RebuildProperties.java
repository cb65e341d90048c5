package dev.scimledger.projection.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a rebuild runs: events per transaction while replaying; comparison rounds before the answer is inconclusive,
 * and how long each waits for the live projection to catch up; after how long without a heartbeat a running
 * rebuild counts as abandoned (its node died) and another may start.
 */
@ConfigurationProperties("scim.rebuild")
record RebuildProperties(@DefaultValue("500") int batchSize,
                         @DefaultValue("20") int compareRounds,
                         @DefaultValue("PT10S") Duration liveWait,
                         @DefaultValue("PT5M") Duration staleAfter,
                         @DefaultValue("20") int differencesShown) {
}
