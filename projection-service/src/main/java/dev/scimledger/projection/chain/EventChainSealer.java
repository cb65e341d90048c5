package dev.scimledger.projection.chain;

import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.chain.StoredEvent;
import dev.scimledger.projection.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final String BATCH = EventChainSealer.class.getName() + ".batch";
    private static final ObjectMapper PAYLOAD = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public EventChainSealer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Collects the processor's batch (up to {@code batch-size} events in one transaction) and seals it when the batch
     * is about to commit, with a few statements for the whole batch. The payload is never deserialized (nor its
     * personal data decrypted): the chain hashes the row as stored.
     */
    @EventHandler
    void on(EventMessage<?> message) {
        UnitOfWorkBatch.<EventMessage<?>>add(BATCH, message, this::seal);
    }

    /** Links the events, in the order given, each after its tenant's head; events sealed already are skipped. */
    void seal(List<EventMessage<?>> messages) {
        if (messages.isEmpty()) {
            return;
        }
        String[] ids = messages.stream().map(EventMessage::getIdentifier).toArray(String[]::new);
        Map<String, StoredEvent> stored = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement("SELECT " + StoredEvent.COLUMNS
                    + " FROM event_log WHERE event_identifier = ANY(?)");
            statement.setArray(1, con.createArrayOf("varchar", ids));
            return statement;
        }, (RowCallbackHandler) rs -> {
            StoredEvent event = ChainLink.read(rs);
            stored.put(event.eventId(), event);
        });
        Set<String> sealed = new HashSet<>(jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement("SELECT event_id FROM event_chain WHERE event_id = ANY(?)");
            statement.setArray(1, con.createArrayOf("varchar", ids));
            return statement;
        }, (rs, n) -> rs.getString(1)));
        // not a stored domain event (Axon delivers only those here), or sealed by an earlier delivery: skipped
        List<EventMessage<?>> toSeal = messages.stream()
                .filter(m -> stored.containsKey(m.getIdentifier()) && !sealed.contains(m.getIdentifier())).toList();
        if (toSeal.isEmpty()) {
            return;
        }
        Map<String, String> tenants = new HashMap<>();
        toSeal.forEach(m -> tenants.put(m.getIdentifier(), tenantOf(stored.get(m.getIdentifier()), m)));
        Map<String, Object[]> heads = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement("""
                    SELECT t.id, h.position, h.hash FROM unnest(?::varchar[]) AS t(id)
                    CROSS JOIN LATERAL (SELECT position, hash FROM event_chain WHERE tenant_id = t.id
                                        ORDER BY position DESC LIMIT 1) h""");
            statement.setArray(1, con.createArrayOf("varchar", new HashSet<>(tenants.values()).toArray()));
            return statement;
        }, (RowCallbackHandler) rs -> heads.put(rs.getString(1), new Object[]{rs.getLong(2), rs.getString(3)}));
        List<Object[]> links = new ArrayList<>();
        for (EventMessage<?> message : toSeal) {
            StoredEvent event = stored.get(message.getIdentifier());
            String tenantId = tenants.get(message.getIdentifier());
            Object[] head = heads.get(tenantId);
            long position = head == null ? 1 : (long) head[0] + 1;
            String previous = head == null ? ChainLink.GENESIS : (String) head[1];
            String hash = ChainLink.hash(previous, tenantId, event);
            links.add(new Object[]{tenantId, position, event.globalIndex(), event.eventId(), previous, hash});
            heads.put(tenantId, new Object[]{position, hash});
        }
        jdbc.batchUpdate("""
                INSERT INTO event_chain (tenant_id, position, global_index, event_id, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?)""", links);
    }

    /**
     * The chain an event belongs to: its payload's {@code tenantId} when it is a {@link ScimEvent} naming one (read
     * from the payload as stored, where the tenant is never encrypted), else the request's tenant in its metadata.
     */
    static String tenantOf(StoredEvent stored, EventMessage<?> message) {
        if (ScimEvent.class.isAssignableFrom(message.getPayloadType())) {
            String tenant = topLevelText(stored.payload(), "tenantId");
            if (tenant != null) {
                return tenant;
            }
        }
        Object fromMetadata = message.getMetaData().get(RequestMetadata.TENANT_ID);
        return fromMetadata == null ? NO_TENANT : fromMetadata.toString();
    }

    /**
     * The text of a top-level field of a JSON object, read as a stream up to that field (the attributes around it
     * are skipped, not built); null when absent, not text, or not JSON.
     */
    static String topLevelText(byte[] json, String field) {
        try (JsonParser parser = PAYLOAD.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException unreadable) {
            return null; // not JSON: the metadata decides, as for any payload without a tenant
        }
    }
}
