package dev.scimledger.projection.chain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * One link of a tenant's chain: SHA-256 over the previous link's hash and the event's canonical bytes, i.e. every
 * column of its row in {@code domain_event_entry} as stored (payload and metadata bytes untouched, no
 * re-serialisation), each length-prefixed so that no two different rows give the same bytes.
 */
public final class ChainLink {

    /** The previous hash of a tenant's first link. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "scim-ledger-chain-v1";

    /** An event's row as stored. */
    public record StoredEvent(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
                              String timestamp, String payloadType, String payloadRevision, byte[] payload,
                              byte[] metadata) {

        public static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, "
                + "type, time_stamp, payload_type, payload_revision, payload, meta_data";

        public static StoredEvent read(ResultSet rs) throws SQLException {
            return new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                    rs.getString("aggregate_identifier"), rs.getLong("sequence_number"), rs.getString("type"),
                    rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                    rs.getBytes("payload"), rs.getBytes("meta_data"));
        }
    }

    private ChainLink() {
    }

    public static String hash(String previousHash, String tenantId, StoredEvent event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (String text : new String[]{VERSION, previousHash, tenantId, Long.toString(event.globalIndex()),
                    event.eventId(), event.aggregateId(), Long.toString(event.sequenceNumber()), event.type(),
                    event.timestamp(), event.payloadType(), event.payloadRevision()}) {
                field(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
            }
            field(out, event.payload());
            field(out, event.metadata());
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 over bytes in memory cannot fail", e);
        }
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
