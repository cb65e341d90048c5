package dev.scimledger.projection;

import dev.scimledger.projection.quarantine.QuarantineContext;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a handler collects over a processor's batch (one unit of work, one transaction) and writes together when the
 * batch is about to commit, so that a batch of events costs a few statements rather than a few per event. Outside a
 * unit of work (a handler called directly) each item is written at once.
 */
public final class UnitOfWorkBatch {

    private UnitOfWorkBatch() {
    }

    /**
     * Adds {@code item} to the current unit of work's batch named {@code key}; the first item registers {@code write},
     * which gets the whole batch, in the order added, in the unit of work's prepare-commit phase.
     */
    public static <T> void add(String key, T item, Consumer<List<T>> write) {
        add(key, null, item, write);
    }

    /**
     * As {@link #add(String, Object, Consumer)}, for an item that one event gave: in a projection that quarantines
     * ({@link QuarantineContext}), a batch that fails because of an event's content is written again item by item,
     * and the items that fail are set aside with their events instead of stopping the projection. A batch with an
     * item of no event ({@code message} null) is written as a whole, as outside such a projection.
     */
    public static <T> void add(String key, EventMessage<?> message, T item, Consumer<List<T>> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            write.accept(List.of(item));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<QuarantineContext.Item<T>> batch = root.getOrComputeResource(key, name -> {
            List<QuarantineContext.Item<T>> items = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> {
                QuarantineContext quarantine = root.getResource(QuarantineContext.class.getName());
                if (quarantine == null || items.stream().anyMatch(i -> i.message() == null)) {
                    write.accept(items.stream().map(QuarantineContext.Item::item).toList());
                } else {
                    quarantine.write(items, write);
                }
            });
            return items;
        });
        batch.add(new QuarantineContext.Item<>(message, item));
    }
}
