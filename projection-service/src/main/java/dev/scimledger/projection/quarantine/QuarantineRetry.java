package dev.scimledger.projection.quarantine;

import dev.scimledger.messages.quarantine.QuarantineRetryOutcome;
import dev.scimledger.messages.quarantine.QuarantinedEvent;
import dev.scimledger.messages.quarantine.RetryQuarantineCommand;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Applies a projection's quarantined events again once their cause is fixed (a constraint relaxed, a broker's
 * record limit raised, an upcaster deployed): resource by resource, each resource's events in the log's order, each
 * in its own transaction with the projection's own handlers, removed from the quarantine in the transaction that
 * applied it. A resource whose next event fails again keeps it and everything behind it. Runs on a node that runs
 * the projection (a gateway-only node has none).
 */
@Component
class QuarantineRetry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QuarantineRetry.class);

    private final Quarantine quarantine;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine eventLog;
    private final TransactionManager transactions;
    private final TransactionTemplate savepoint;
    /** Its own thread: a command's unit of work around the retry would hold every event's commit to its own. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "quarantine-retry");
        thread.setDaemon(true);
        return thread;
    });

    QuarantineRetry(Quarantine quarantine, @Lazy EventProcessingConfiguration processing,
                    @Lazy EventStorageEngine eventStorageEngine, @Lazy TransactionManager transactions,
                    PlatformTransactionManager platformTransactions) {
        this.quarantine = quarantine;
        this.processing = processing;
        this.eventLog = eventStorageEngine;
        this.transactions = transactions;
        this.savepoint = QuarantiningProjections.savepoints(platformTransactions);
    }

    @CommandHandler
    QuarantineRetryOutcome handle(RetryQuarantineCommand command) throws InterruptedException {
        String processor = command.processor();
        if (!QuarantiningProjections.PROCESSORS.contains(processor)) {
            throw ScimException.notFound("no projection " + processor + " sets events aside; those that do: "
                    + String.join(", ", QuarantiningProjections.PROCESSORS));
        }
        EventHandlerInvoker invoker = processing.<EventProcessor>eventProcessor(processor)
                .filter(AbstractEventProcessor.class::isInstance)
                .map(p -> ((AbstractEventProcessor) p).eventHandlerInvoker())
                .orElseThrow(() -> ScimException.conflict(null, "the projection " + processor
                        + " does not run on this node (a gateway-only node): retry on a worker"));
        log.info("retry of the {} quarantine asked by {}", processor, command.actor());
        try {
            return worker.submit(() -> retry(processor, invoker)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private QuarantineRetryOutcome retry(String processor, EventHandlerInvoker invoker) {
        int applied = 0;
        String firstFailure = null;
        for (String resource : quarantine.resources(processor)) {
            while (true) {
                Optional<QuarantinedEvent> next = quarantine.first(processor, resource);
                if (next.isEmpty()) {
                    break;
                }
                String failure = apply(processor, invoker, next.get());
                if (failure != null) {
                    firstFailure = firstFailure == null ? failure : firstFailure;
                    quarantine.failedAgain(processor, next.get().eventId(), failure);
                    break;
                }
                applied++;
            }
        }
        int left = (int) quarantine.count(processor);
        log.info("retry of the {} quarantine: {} events applied, {} still quarantined", processor, applied, left);
        return new QuarantineRetryOutcome(processor, applied, left, firstFailure);
    }

    /** Applies one quarantined event and takes it out, in one transaction: null, or why it failed again. */
    private String apply(String processor, EventHandlerInvoker invoker, QuarantinedEvent entry) {
        DomainEventMessage<?> message = read(entry);
        if (message == null) {
            return "event " + entry.eventId() + " is not in the log at " + entry.aggregateId() + "/" + entry.sequenceNumber();
        }
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            unitOfWork.attachTransaction(transactions);
            unitOfWork.resources().put(QuarantineContext.RESOURCE,
                    new QuarantineContext(processor, quarantine, savepoint, true, Set.of()));
            ResultMessage<Boolean> result = unitOfWork.executeWithResult(() -> {
                quarantine.lock(processor, entry.aggregateId());
                Optional<QuarantinedEvent> first = quarantine.first(processor, entry.aggregateId());
                if (first.isEmpty() || !first.get().eventId().equals(entry.eventId())) {
                    return false; // another retry took it meanwhile
                }
                invoker.handle(message, Segment.ROOT_SEGMENT);
                quarantine.remove(processor, entry.eventId());
                return true;
            }, RollbackConfigurationType.ANY_THROWABLE);
            return result.isExceptional() ? Quarantine.reason(result.exceptionResult()) : null;
        } catch (RuntimeException failure) {
            if (unitOfWork.isActive() && !unitOfWork.isRolledBack()) {
                unitOfWork.rollback(failure);
            }
            return Quarantine.reason(failure);
        }
    }

    private DomainEventMessage<?> read(QuarantinedEvent entry) {
        DomainEventStream events = eventLog.readEvents(entry.aggregateId(), entry.sequenceNumber());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getIdentifier().equals(entry.eventId())) {
                return event;
            }
            if (event.getSequenceNumber() > entry.sequenceNumber()) {
                break;
            }
        }
        return null;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
