package dev.scimledger.command.user;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every change of a user's attributes is an event holding the whole resulting user, so a user changed often would
 * cost more to load with every change: snapshot users. A snapshot holds the user in plaintext; the erasure deletes
 * it with the key, and none is stored for an erased user (PersonalAggregate).
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

    static final String SNAPSHOT_TRIGGER = "userSnapshotTrigger";
    static final int SNAPSHOT_EVERY = 50;

    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition userSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY);
    }
}
