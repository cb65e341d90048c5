package dev.scimledger.projection.quarantine;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;

/**
 * A handler of a quarantining projection failed on one event (its payload did not read, its row or record could not
 * be built): the event is set aside when the failure is its own, and thrown (the projection stops and retries, as
 * before) when retrying may mend it, or outside a quarantining projection's batch.
 */
final class QuarantiningErrorHandler implements ListenerInvocationErrorHandler {

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) throws Exception {
        QuarantineContext context = QuarantineContext.current();
        if (context == null || context.retrying || QuarantineContext.resource(event) == null
                || !Failures.eventsOwnHandlingFailure(exception)) {
            throw exception;
        }
        context.setAside(event, exception);
    }
}
