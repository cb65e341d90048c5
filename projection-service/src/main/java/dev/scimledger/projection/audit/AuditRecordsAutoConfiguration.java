package dev.scimledger.projection.audit;

import dev.scimledger.messages.audit.AuditRecords;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Reading the audit trail, wherever the service runs and on the jar's command line (which leaves the projections out). */
@AutoConfiguration
public class AuditRecordsAutoConfiguration {

    @Bean
    AuditRecords auditRecords(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new JdbcAuditRecords(jdbc, transactions);
    }
}
