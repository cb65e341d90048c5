package dev.scimledger.command;

import dev.scimledger.command.eventstore.EventAuthentication;
import dev.scimledger.command.eventstore.EventLogStorageEngine;
import dev.scimledger.command.eventstore.PostgresDuplicateKeyResolver;
import dev.scimledger.command.personaldata.PersonalDataKeys;
import dev.scimledger.command.personaldata.PersonalDataSerializer;
import dev.scimledger.messages.RequestMetadata;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.JdbcTemplate;


/**
 * Brings the write side (aggregates, command handlers, the event log's configuration) into any Spring Boot
 * application that has this module on its runtime classpath; deployables never compile against it. Runs before
 * Axon's JDBC auto-configuration so that Axon's defaults step back for the beans defined here.
 */
@AutoConfiguration(before = {JdbcAutoConfiguration.class, AxonAutoConfiguration.class})
@ComponentScan({"dev.scimledger.command.user", "dev.scimledger.command.group", "dev.scimledger.command.tenant",
        "dev.scimledger.command.operator"})
@EnableConfigurationProperties(CommandServiceProperties.class)
public class CommandServiceAutoConfiguration {

    /** The append-only event log: Axon's JDBC storage engine over the tables of {@code V1__event_store.sql}. */
    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /** The key that makes each appended event's MAC, from a file outside the database (made on first start). */
    @Bean
    public EventAuthentication eventAuthentication(CommandServiceProperties properties, JdbcTemplate jdbc) {
        return EventAuthentication.load(properties.macKeyFile(), jdbc);
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it, which also makes each event's MAC and keeps a
     * gap in a tracking token until no transaction that could fill it is open.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema,
                                                 EventAuthentication authentication,
                                                 JdbcTemplate jdbc, PersonalDataKeys personalDataKeys) {
        return new EventLogStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .schema(eventSchema), transactionManager, authentication, jdbc, personalDataKeys);
    }

    /**
     * Axon's event store as its auto-configuration builds it, except how often it looks for events it did not append
     * itself: another node's commit is seen by a worker's processors only when they poll, so Axon's 1 s would let the
     * audit trail, the chain and Kafka trail a gateway's writes by up to a second. A poll is one indexed query per
     * node, made only while processors wait at the head.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                         CommandServiceProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.eventstore().fetchDelay().toMillis())
                .build();
    }

    @Bean
    public PersonalDataKeys personalDataKeys(JdbcTemplate jdbc) {
        return new PersonalDataKeys(jdbc);
    }

    /**
     * Events are stored as Axon's message serializer writes them (Jackson), except each person's personal data,
     * which is encrypted with that person's key so that erasing the person leaves the log whole.
     */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(@Qualifier("messageSerializer") Serializer messageSerializer, PersonalDataKeys keys) {
        return new PersonalDataSerializer(messageSerializer, keys);
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    /** Copies the request's metadata (tenant, token, request id, client) from each command onto its events. */
    @Bean
    public CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(RequestMetadata.ALL);
    }

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
