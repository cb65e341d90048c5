package dev.scimledger.projection.quarantine;

import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * The tracking projections that set a poison event aside instead of stopping on it: the audit trail and the Kafka
 * publisher, which every tenant shares. The chain sealer is not among them: the chain holds every event of the log
 * or says which one it lacks, so it waits for a failing event rather than leave it out. The SCIM read model is written
 * in each command's transaction, where a failure fails the request itself.
 */
@Configuration(proxyBeanMethods = false)
public class QuarantiningProjections {

    /** The processing groups (and processors) of AuditTrail and KafkaEventPublisher. */
    public static final List<String> PROCESSORS = QuarantineCountsQuery.PROJECTIONS;

    @Bean
    ConfigurerModule quarantiningProjectionsModule(Quarantine quarantine, PlatformTransactionManager transactions) {
        TransactionTemplate savepoint = savepoints(transactions);
        return configurer -> configurer.eventProcessing(processing -> {
            for (String processor : PROCESSORS) {
                processing.registerListenerInvocationErrorHandler(processor, c -> new QuarantiningErrorHandler());
                processing.registerHandlerInterceptor(processor,
                        c -> new QuarantineInterceptor(processor, quarantine, savepoint));
            }
        });
    }

    /** Runs within the current transaction, behind a savepoint: a failure undoes only what it wrote. */
    static TransactionTemplate savepoints(PlatformTransactionManager transactions) {
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return savepoint;
    }
}
