package dev.scimledger.projection.quarantine;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs around each event of a quarantining projection: opens the batch's {@link QuarantineContext} (one look at the
 * quarantine per batch), and holds an event of a quarantined resource behind that resource's earlier events instead
 * of applying it.
 */
final class QuarantineInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    private final String processor;
    private final Quarantine quarantine;
    private final TransactionTemplate savepoint;

    QuarantineInterceptor(String processor, Quarantine quarantine, TransactionTemplate savepoint) {
        this.processor = processor;
        this.quarantine = quarantine;
        this.savepoint = savepoint;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        QuarantineContext context = unitOfWork.root().getOrComputeResource(QuarantineContext.RESOURCE,
                key -> new QuarantineContext(processor, quarantine, savepoint, false,
                        quarantine.quarantinedResources(processor)));
        EventMessage<?> message = unitOfWork.getMessage();
        if (context.isQuarantined(QuarantineContext.resource(message)) && context.holdIfStillQuarantined(message)) {
            return null;
        }
        return chain.proceed();
    }
}
