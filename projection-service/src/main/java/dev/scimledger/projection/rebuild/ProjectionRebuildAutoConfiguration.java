package dev.scimledger.projection.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Rebuilds of projections from the log, where the service runs and on the jar's command line (which leaves the live
 * projections out): the rebuilder makes its own handler instances on the shadow tables and needs none of the live
 * read side's beans.
 */
@AutoConfiguration
@EnableConfigurationProperties(RebuildProperties.class)
public class ProjectionRebuildAutoConfiguration {

    @Bean
    ProjectionRebuilder projectionRebuilder(JdbcTemplate jdbc, ObjectMapper json, EventStorageEngine eventStorageEngine,
                                            PlatformTransactionManager transactions, RebuildProperties properties) {
        return new ProjectionRebuilder(jdbc, json, eventStorageEngine, transactions, properties);
    }
}
