package dev.scimledger.projection;

import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Sends the log's events after a position to handlers outside any processor, a batch per transaction and unit of
 * work, as a live processor would (a person's key read once per batch, batch-writing handlers writing together): the
 * rebuild's replay and the read model's one-time catch-up.
 */
public final class LogReplay {

    private LogReplay() {
    }

    /** What happens around each batch: before it (outside its transaction), and after it, inside. */
    public interface Batches {
        default void before() {
        }

        default void after() {
        }
    }

    /** Every event after {@code from} (null: the whole log) to {@code apply}, {@code batchSize} per transaction. */
    public static void replay(EventStorageEngine log, TrackingToken from, TransactionTemplate transaction, int batchSize,
                              Consumer<TrackedEventMessage<?>> apply, Batches around) {
        try (Stream<? extends TrackedEventMessage<?>> events = log.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            boolean more = true;
            while (more) {
                around.before();
                // the event store reads its next batch inside this transaction too
                more = Boolean.TRUE.equals(transaction.execute(status -> {
                    DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
                    try {
                        for (int n = 0; n < batchSize && iterator.hasNext(); n++) {
                            apply.accept(iterator.next());
                        }
                        batch.commit();
                    } catch (RuntimeException failure) {
                        if (batch.isActive()) {
                            batch.rollback(failure);
                        }
                        throw failure;
                    }
                    around.after();
                    return iterator.hasNext();
                }));
            }
        }
    }

    /** The event to each of the handlers; a handler's failure names the event. */
    public static void apply(List<EventMessageHandler> handlers, TrackedEventMessage<?> event) {
        for (EventMessageHandler handler : handlers) {
            try {
                handler.handle(event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("event " + event.getIdentifier() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
