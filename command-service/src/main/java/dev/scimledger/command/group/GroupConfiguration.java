package dev.scimledger.command.group;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Groups live long and change often (every membership change is an event): snapshot them. */
@Configuration(proxyBeanMethods = false)
class GroupConfiguration {

    static final String SNAPSHOT_TRIGGER = "groupSnapshotTrigger";
    static final int SNAPSHOT_EVERY = 50;

    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition groupSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY);
    }
}
