package dev.scimledger.projection.chain;

import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.chain.StoredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Seals each event into its tenant's chain shortly after it commits: a tracking processor with one segment, so the
 * chain's order is the order the log delivers events (commit order; an event committed late is sealed when it
 * arrives), and writes never wait for it. Idempotent: an event sealed already is skipped, so a replay or a retry
 * after a crash leaves the chain as it was.
 */
@ProcessingGroup(EventChainSealer.PROCESSING_GROUP)
public class EventChainSealer {

    public static final String PROCESSING_GROUP = "event-chain";
    /** The chain of events that name no tenant (none do today; a future system event would). */
    static final String NO_TENANT = "-";

    private final JdbcTemplate jdbc;

    public EventChainSealer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        String eventId = message.getIdentifier();
        List<StoredEvent> stored = jdbc.query("SELECT " + StoredEvent.COLUMNS
                + " FROM domain_event_entry WHERE event_identifier = ?", (rs, n) -> ChainLink.read(rs), eventId);
        if (stored.isEmpty()) {
            return; // not a stored domain event (Axon delivers only those here; nothing to seal)
        }
        Integer sealed = jdbc.queryForObject("SELECT count(*) FROM event_chain WHERE event_id = ?", Integer.class, eventId);
        if (sealed != null && sealed > 0) {
            return;
        }
        String tenantId = tenantOf(payload, message);
        List<Object[]> head = jdbc.query("""
                SELECT position, hash FROM event_chain WHERE tenant_id = ? ORDER BY position DESC LIMIT 1""",
                (rs, n) -> new Object[]{rs.getLong(1), rs.getString(2)}, tenantId);
        long position = head.isEmpty() ? 1 : (long) head.get(0)[0] + 1;
        String previous = head.isEmpty() ? ChainLink.GENESIS : (String) head.get(0)[1];
        StoredEvent event = stored.get(0);
        jdbc.update("""
                INSERT INTO event_chain (tenant_id, position, global_index, event_id, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?)""", tenantId, position, event.globalIndex(), eventId, previous,
                ChainLink.hash(previous, tenantId, event));
    }

    static String tenantOf(Object payload, EventMessage<?> message) {
        if (payload instanceof ScimEvent scim && scim.tenantId() != null) {
            return scim.tenantId();
        }
        Object fromMetadata = message.getMetaData().get(RequestMetadata.TENANT_ID);
        return fromMetadata == null ? NO_TENANT : fromMetadata.toString();
    }
}
