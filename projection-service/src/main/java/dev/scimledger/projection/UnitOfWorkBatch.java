package dev.scimledger.projection;

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
        if (!CurrentUnitOfWork.isStarted()) {
            write.accept(List.of(item));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<T> batch = root.getOrComputeResource(key, name -> {
            List<T> items = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> write.accept(items));
            return items;
        });
        batch.add(item);
    }
}
