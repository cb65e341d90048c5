package dev.scimledger.projection.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.chain.ChainCheckpointsQuery;
import dev.scimledger.messages.chain.ChainPublicKeyQuery;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.StoredEvent;
import dev.scimledger.messages.chain.UnauthenticatedEvent;
import dev.scimledger.messages.chain.UnauthenticatedEventsQuery;
import dev.scimledger.messages.chain.VerifyChainQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks each tenant's chain against the events as they are now: every link in place, its previous hash the
 * previous link's hash, its hash recomputed from the stored event; no event the sealer has passed left out of the
 * chain; every checkpoint (in the database and any given from outside) signed by the operator's key and equal to
 * the chain at its position. Names the first problem of each tenant. Streams the chain, so its memory does not grow
 * with the log.
 */
public class ChainVerifier {

    private final JdbcTemplate jdbc;
    private final ChainSigningKey key;
    private final ObjectMapper json;
    private final QueryGateway queries;

    public ChainVerifier(JdbcTemplate jdbc, ChainSigningKey key, ObjectMapper json, QueryGateway queries) {
        this.jdbc = jdbc;
        this.key = key;
        this.json = json;
        this.queries = queries;
    }

    @QueryHandler
    public ChainVerification verify(VerifyChainQuery query) {
        List<String> tenants = query.tenantId() != null ? List.of(query.tenantId())
                : jdbc.queryForList("""
                        SELECT tenant_id FROM event_chain GROUP BY tenant_id
                        UNION SELECT tenant_id FROM chain_checkpoint ORDER BY 1""", String.class);
        SealerPosition sealer = sealerPosition();
        List<ChainVerification.Problem> inserted = inserted(sealer);
        // asked of the write side, which holds the MAC key
        Map<String, UnauthenticatedEvent> unauthenticated = new HashMap<>();
        queries.query(new UnauthenticatedEventsQuery(), ResponseTypes.multipleInstancesOf(UnauthenticatedEvent.class))
                .join().forEach(event -> unauthenticated.put(event.eventId(), event));
        long links = 0;
        List<ChainVerification.Problem> problems = new ArrayList<>();
        for (String tenantId : tenants) {
            TenantWalk walk = walk(tenantId, unauthenticated);
            links += walk.links;
            Optional<ChainVerification.Problem> problem = Optional.ofNullable(walk.problem)
                    .or(() -> inserted.stream().filter(p -> tenantId.equals(p.tenantId())).findFirst())
                    .or(() -> checkpoints(tenantId, walk.hashes, query.externalCheckpoints()))
                    .or(() -> Optional.ofNullable(walk.forged));
            problem.ifPresent(problems::add);
        }
        // events the sealer passed that name a tenant with no chain at all
        if (query.tenantId() == null) {
            inserted.stream().filter(p -> !tenants.contains(p.tenantId())).findFirst().ifPresent(problems::add);
        }
        long pending = pending(sealer, query.tenantId());
        return new ChainVerification(problems.isEmpty(), tenants.size(), links, pending, problems);
    }

    @QueryHandler
    public List<VerifyChainQuery.Checkpoint> checkpoints(ChainCheckpointsQuery query) {
        return jdbc.query("""
                SELECT tenant_id, position, hash, signed_at, key_id, signature FROM chain_checkpoint
                WHERE ?::text IS NULL OR tenant_id = ? ORDER BY tenant_id, position""",
                (rs, n) -> new VerifyChainQuery.Checkpoint(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant().toString(), rs.getString(5), rs.getString(6)),
                query.tenantId(), query.tenantId());
    }

    @QueryHandler
    public String publicKey(ChainPublicKeyQuery query) {
        return key.publicKeyPem();
    }

    private static final class TenantWalk {
        long links;
        ChainVerification.Problem problem;
        /** The first link whose event has no valid MAC: reported after the chain's own problems. */
        ChainVerification.Problem forged;
        /** position → hash, kept only for the positions that checkpoints name (filled lazily below). */
        final Map<Long, String> hashes = new HashMap<>();
    }

    private TenantWalk walk(String tenantId, Map<String, UnauthenticatedEvent> unauthenticated) {
        TenantWalk walk = new TenantWalk();
        java.util.Set<Long> checkpointed = new java.util.HashSet<>(jdbc.queryForList(
                "SELECT position FROM chain_checkpoint WHERE tenant_id = ?", Long.class, tenantId));
        String[] previous = {ChainLink.GENESIS};
        long[] expected = {1};
        jdbc.query(con -> {
            var statement = con.prepareStatement("""
                    SELECT c.position, c.event_id AS chained_event, c.global_index AS chained_index, c.previous_hash,
                           c.hash, e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number,
                           e.type, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data
                    FROM event_chain c LEFT JOIN event_log e ON e.event_identifier = c.event_id
                    WHERE c.tenant_id = ? ORDER BY c.position""");
            statement.setString(1, tenantId);
            statement.setFetchSize(500);
            return statement;
        }, (RowCallbackHandler) rs -> {
            if (walk.problem != null) {
                return;
            }
            long position = rs.getLong("position");
            String eventId = rs.getString("chained_event");
            long chainedIndex = rs.getLong("chained_index");
            String hash = rs.getString("hash");
            if (position != expected[0]) {
                walk.problem = problem(tenantId, "chain", expected[0], null, null,
                        "chain position " + expected[0] + " is missing (next link found: " + position + ")");
                return;
            }
            if (!previous[0].equals(rs.getString("previous_hash"))) {
                walk.problem = problem(tenantId, "chain", position, eventId, chainedIndex,
                        "the link's previous hash is not the hash of link " + (position - 1));
                return;
            }
            if (rs.getString("event_identifier") == null) {
                walk.problem = problem(tenantId, "removed", position, eventId, chainedIndex,
                        "sealed event " + eventId + " is no longer in the log");
                return;
            }
            StoredEvent event = ChainLink.read(rs);
            if (event.globalIndex() != chainedIndex) {
                walk.problem = problem(tenantId, "reordered", position, eventId, event.globalIndex(),
                        "event " + eventId + " was sealed at log position " + chainedIndex + " and is now at "
                                + event.globalIndex());
                return;
            }
            if (!ChainLink.hash(previous[0], tenantId, event).equals(hash)) {
                walk.problem = problem(tenantId, "changed", position, eventId, event.globalIndex(),
                        "event " + eventId + " (" + shortType(event.payloadType()) + " of " + event.aggregateId()
                                + ", sequence " + event.sequenceNumber() + ") differs from what was sealed");
                return;
            }
            UnauthenticatedEvent forged = unauthenticated.get(eventId);
            if (forged != null && walk.forged == null) {
                walk.forged = problem(tenantId, "forged", position, eventId, event.globalIndex(),
                        "event " + eventId + " (" + shortType(event.payloadType()) + " of " + event.aggregateId()
                                + ", sequence " + event.sequenceNumber() + ") was not appended by the application: "
                                + forged.reason());
            }
            if (checkpointed.contains(position)) {
                walk.hashes.put(position, hash);
            }
            walk.links++;
            previous[0] = hash;
            expected[0] = position + 1;
        });
        walk.hashes.put(expected[0] - 1, previous[0]);
        return walk;
    }

    /** An event at or below the sealer's position, not in any gap, that is in no chain: written behind its back. */
    private List<ChainVerification.Problem> inserted(SealerPosition sealer) {
        if (sealer == null) {
            return List.of();
        }
        List<ChainVerification.Problem> found = jdbc.query("""
                SELECT e.global_index, e.event_identifier, e.payload, e.meta_data FROM event_log e
                WHERE e.global_index <= ? AND NOT (e.global_index = ANY(?::bigint[]))
                  AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.event_identifier)
                ORDER BY e.global_index""",
                (rs, n) -> {
                    String owner = tenantOfStored(rs.getBytes("payload"), rs.getBytes("meta_data"));
                    return problem(owner, "inserted", 0, rs.getString("event_identifier"), rs.getLong("global_index"),
                            "event " + rs.getString("event_identifier") + " is in the log but in no chain, although "
                                    + "the sealer has passed its position");
                }, sealer.index(), sealer.gapsArray());
        return found;
    }

    private Optional<ChainVerification.Problem> checkpoints(String tenantId, Map<Long, String> hashes,
                                                            List<VerifyChainQuery.Checkpoint> external) {
        List<VerifyChainQuery.Checkpoint> all = new ArrayList<>(jdbc.query("""
                SELECT tenant_id, position, hash, signed_at, key_id, signature FROM chain_checkpoint
                WHERE tenant_id = ? ORDER BY position""", (rs, n) -> new VerifyChainQuery.Checkpoint(rs.getString(1),
                rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant().toString(), rs.getString(5),
                rs.getString(6)), tenantId));
        if (external != null) {
            external.stream().filter(c -> tenantId.equals(c.tenantId())).forEach(all::add);
        }
        for (VerifyChainQuery.Checkpoint checkpoint : all) {
            if (!checkpoint.keyId().equals(key.keyId()) || !key.verifies(ChainCheckpoints.signed(checkpoint.tenantId(),
                    checkpoint.position(), checkpoint.hash(), checkpoint.signedAt()), checkpoint.signature())) {
                return Optional.of(problem(tenantId, "signature", checkpoint.position(), null, null,
                        "the checkpoint at position " + checkpoint.position() + " is not signed by the operator's key "
                                + key.keyId()));
            }
            String chained = hashes.get(checkpoint.position());
            if (chained == null) {
                chained = jdbc.queryForList("SELECT hash FROM event_chain WHERE tenant_id = ? AND position = ?",
                        String.class, tenantId, checkpoint.position()).stream().findFirst().orElse(null);
            }
            if (!checkpoint.hash().equals(chained)) {
                return Optional.of(problem(tenantId, "checkpoint", checkpoint.position(), null, null,
                        "the chain at position " + checkpoint.position() + " is " + (chained == null ? "missing"
                                : "not the hash signed at " + checkpoint.signedAt()) + ": it was rewritten"));
            }
        }
        return Optional.empty();
    }

    private long pending(SealerPosition sealer, String tenantId) {
        Long unsealed = jdbc.queryForObject("""
                SELECT count(*) FROM event_log e
                WHERE (e.global_index > ? OR e.global_index = ANY(?::bigint[]))
                  AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.event_id = e.event_identifier)""", Long.class,
                sealer == null ? -1L : sealer.index(), sealer == null ? "{}" : sealer.gapsArray());
        return unsealed == null ? 0 : unsealed;
    }

    /** Where the sealer stands: its token's index and gaps; null before it has a token. */
    record SealerPosition(long index, List<Long> gaps) {
        /** The gaps as a PostgreSQL array literal, e.g. {@code {7,9}}. */
        String gapsArray() {
            return "{" + String.join(",", gaps.stream().map(String::valueOf).toList()) + "}";
        }
    }

    SealerPosition sealerPosition() {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?", byte[].class,
                EventChainSealer.PROCESSING_GROUP);
        if (tokens.size() != 1 || tokens.get(0) == null) {
            return null;
        }
        try {
            JsonNode token = json.readTree(tokens.get(0));
            if (token.has("currentToken")) {
                token = token.get("currentToken");
            }
            if (token == null || !token.has("index")) {
                return null;
            }
            List<Long> gaps = new ArrayList<>();
            token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
            return new SealerPosition(token.get("index").asLong(), gaps);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private String tenantOfStored(byte[] payload, byte[] metadata) {
        for (byte[] document : new byte[][]{payload, metadata}) {
            try {
                JsonNode node = document == null ? null : json.readTree(document);
                if (node != null && node.hasNonNull("tenantId")) {
                    return node.get("tenantId").asText();
                }
            } catch (IOException notJson) {
                // forged bytes: try the other document, else no tenant
            }
        }
        return EventChainSealer.NO_TENANT;
    }

    private static String shortType(String payloadType) {
        return payloadType == null ? "?" : payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    private static ChainVerification.Problem problem(String tenantId, String kind, long position, String eventId,
                                                     Long globalIndex, String detail) {
        return new ChainVerification.Problem(tenantId, kind, position, eventId, globalIndex, detail);
    }

}
