package dev.scimledger.projection.quarantine;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One batch of a quarantining projection (a resource of its unit of work): which resources are quarantined, and how
 * to set an event aside. Absent outside such a projection (a rebuild's replay, a test calling a handler), where a
 * failure fails as it always did.
 */
public final class QuarantineContext {

    private static final Logger log = LoggerFactory.getLogger(QuarantineContext.class);
    static final String RESOURCE = QuarantineContext.class.getName();

    final String processor;
    private final Quarantine quarantine;
    private final TransactionTemplate savepoint;
    /** A retry re-applying quarantined events: a failure is thrown to the retry, never set aside again. */
    final boolean retrying;
    /** Quarantined resource → the event they are held behind (null when only known from the table). */
    private final Map<String, String> quarantined = new HashMap<>();

    QuarantineContext(String processor, Quarantine quarantine, TransactionTemplate savepoint, boolean retrying,
                      Set<String> quarantinedResources) {
        this.processor = processor;
        this.quarantine = quarantine;
        this.savepoint = savepoint;
        this.retrying = retrying;
        quarantinedResources.forEach(resource -> quarantined.put(resource, null));
    }

    /** The context of the current unit of work's batch, or null outside a quarantining projection. */
    public static QuarantineContext current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getResource(RESOURCE);
    }

    static String resource(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> event ? event.getAggregateIdentifier() : null;
    }

    boolean isQuarantined(String resource) {
        return resource != null && quarantined.containsKey(resource);
    }

    /**
     * Holds {@code message} behind its resource's quarantined events, unless a retry has taken them all out since the
     * batch began (then the event is applied as usual): true when it was held.
     */
    boolean holdIfStillQuarantined(EventMessage<?> message) {
        String resource = resource(message);
        quarantine.lock(processor, resource);
        var first = quarantine.first(processor, resource);
        if (first.isEmpty()) {
            quarantined.remove(resource);
            return false;
        }
        quarantine.add(processor, message, first.get().eventId(),
                "held behind event " + first.get().eventId() + " of the same resource, quarantined");
        quarantined.putIfAbsent(resource, first.get().eventId());
        return true;
    }

    /** Sets aside an event that failed itself. */
    void setAside(EventMessage<?> message, Throwable failure) {
        String resource = resource(message);
        String reason = Quarantine.reason(failure);
        log.warn("{}: event {} ({} of {}) is quarantined; the projection goes on with every other resource: {}",
                processor, message.getIdentifier(), message.getPayloadType().getSimpleName(), resource, reason);
        quarantine.add(processor, message, null, reason);
        quarantined.put(resource, message.getIdentifier());
    }

    /** An item of a batch and the event it came from. */
    public record Item<T>(EventMessage<?> message, T item) {
    }

    /**
     * Writes a batch within a savepoint; when the write fails because of an event's content, writes the items one by
     * one instead, each in its own savepoint, sets aside those that fail (and the later ones of their resources), and
     * keeps the rest. Any other failure is thrown: the projection stops and tries the batch again, as before.
     */
    public <T> void write(List<Item<T>> items, Consumer<List<T>> write) {
        List<T> all = items.stream().map(Item::item).toList();
        try {
            savepoint.executeWithoutResult(status -> write.accept(all));
            return;
        } catch (RuntimeException failure) {
            if (retrying || !Failures.eventsOwnWriteFailure(failure)) {
                throw failure;
            }
        }
        for (Item<T> item : items) {
            String resource = resource(item.message());
            if (isQuarantined(resource)) {
                String behind = quarantined.get(resource) != null ? quarantined.get(resource)
                        : quarantine.first(processor, resource).map(e -> e.eventId()).orElse(null);
                quarantine.add(processor, item.message(), behind,
                        "held behind event " + behind + " of the same resource, quarantined");
                continue;
            }
            try {
                savepoint.executeWithoutResult(status -> write.accept(List.of(item.item())));
            } catch (RuntimeException failure) {
                if (!Failures.eventsOwnWriteFailure(failure)) {
                    throw failure;
                }
                setAside(item.message(), failure);
            }
        }
    }
}
