package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.personal.ErasedPersons;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Re-publication of a tenant's history, where the service runs and on the jar's command line (which leaves the live
 * publisher out): it reads the log itself and needs only the broker's address, asked for when one starts.
 */
@AutoConfiguration
@EnableConfigurationProperties(KafkaPublisherProperties.class)
public class KafkaRepublicationAutoConfiguration {

    @Bean
    TenantRepublisher tenantRepublisher(KafkaPublisherProperties properties, ObjectMapper json, JdbcTemplate jdbc,
                                        ErasedPersons erasedPersons, EventStorageEngine eventStorageEngine,
                                        PlatformTransactionManager transactions) {
        return new TenantRepublisher(new EventRecords(properties, json, erasedPersons), jdbc, eventStorageEngine,
                transactions);
    }
}
