package dev.scimledger.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.projection.group.GroupReadModel;
import dev.scimledger.projection.tenant.DeletedTenants;
import dev.scimledger.projection.user.UserReadModel;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * The SCIM read model ({@code scim_user}, {@code scim_group}, {@code scim_group_member}) is written inline: its
 * handlers run in the transaction of the command whose events they apply, as a subscribing processor, so a command
 * that commits has its read model rows committed with it, on every node, and no request ever waits for a projection.
 * A handler that fails fails the command: nothing is appended, the client gets the error, and no event can stall the
 * read model afterwards. Every node that decides commands has it (a gateway, the default process, the command line);
 * a rebuild replays the same handler classes on the shadow tables.
 */
@AutoConfiguration
public class InlineReadModelAutoConfiguration {

    /** The read model's processing group; before inline writing, a tracking processor of that name. */
    public static final String PROCESSING_GROUP = "scim-read-model";

    @Bean
    public UserReadModel userReadModel(JdbcTemplate jdbc, ObjectMapper json) {
        return new UserReadModel(jdbc, json, ReadModelTables.LIVE);
    }

    @Bean
    public GroupReadModel groupReadModel(JdbcTemplate jdbc, ObjectMapper json) {
        return new GroupReadModel(jdbc, json, ReadModelTables.LIVE);
    }

    @Bean
    public DeletedTenants deletedTenants(JdbcTemplate jdbc) {
        return new DeletedTenants(jdbc, ReadModelTables.LIVE);
    }

    @Bean
    public ConfigurerModule inlineReadModel() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }

    /** What a log written before the read model was inline holds beyond the old processor's position. */
    @Bean
    public ReadModelCatchUp readModelCatchUp(JdbcTemplate jdbc, ObjectMapper json, EventStorageEngine eventLog,
                                             PlatformTransactionManager transactions, UserReadModel users,
                                             GroupReadModel groups, DeletedTenants tenants) {
        return new ReadModelCatchUp(jdbc, json, eventLog, new TransactionTemplate(transactions),
                List.of(new AnnotationEventHandlerAdapter(users), new AnnotationEventHandlerAdapter(groups),
                        new AnnotationEventHandlerAdapter(tenants)));
    }
}
