package dev.scimledger.messages.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of the audit trail, asked of the module that writes them (projection-service owns {@code audit_event}):
 * a page at a time, or every row streamed from one snapshot.
 *
 * <p><b>Order</b>: by {@code occurredAt}, then {@code sequenceNumber}, then {@code eventId} (unique, so the order is
 * total); a {@link Position} is a place in that order.
 */
public interface AuditRecords {

    /** The resource types a row can name, the only values {@link Criteria#resourceType} may take. */
    List<String> RESOURCE_TYPES = List.of("User", "Group", "Tenant");

    /**
     * A tenant's rows, narrowed by each of the rest that is given (null, or for {@code types} empty: not narrowed).
     *
     * @param actor a token id or an admin actor; {@code from} is inclusive, {@code to} exclusive
     */
    record Criteria(String tenantId, String resourceId, String resourceType, String actor, List<String> types,
                    Instant from, Instant to) {
        public Criteria {
            if (tenantId == null) {
                throw new IllegalArgumentException("the audit trail is read one tenant at a time");
            }
            if (resourceType != null && !RESOURCE_TYPES.contains(resourceType)) {
                throw new IllegalArgumentException("resourceType is one of " + RESOURCE_TYPES + ", not " + resourceType);
            }
            types = types == null ? List.of() : List.copyOf(types);
        }
    }

    /** The place of a row in the trail's order: a page starts after it. */
    record Position(Instant occurredAt, long sequenceNumber, String eventId) {
    }

    /** One row as stored; {@code tokenId} is the actor (a token id or an admin actor), null when there was none. */
    record Row(String eventId, Instant occurredAt, Instant recordedAt, String tenantId, String resourceType,
               String resourceId, long sequenceNumber, String eventType, String tokenId, String requestId,
               String clientAddress, String userAgent, List<String> changedAttributes) {

        public Position position() {
            return new Position(occurredAt, sequenceNumber, eventId);
        }
    }

    /**
     * Up to {@code limit} matching rows after {@code after} (null: from the first).
     *
     * @throws dev.scimledger.scim.ScimException 400 tooMany when the query runs longer than {@code timeout}
     */
    List<Row> page(Criteria criteria, Position after, int limit, Duration timeout);

    /** The last {@code limit} matching rows, the latest first. */
    List<Row> latest(Criteria criteria, int limit);

    /**
     * Hands every matching row, in order, to {@code consumer} as it is read (a database cursor in a read-only
     * transaction: one snapshot however long it takes, memory that does not grow with the trail), and returns how
     * many. An exception from {@code consumer} ends the walk and is thrown on.
     */
    long forEach(Criteria criteria, Consumer<Row> consumer);
}
