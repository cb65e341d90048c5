package dev.scimledger.projection.chain;

import dev.scimledger.messages.chain.StoredEvent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * One link of a tenant's chain: SHA-256 over the previous link's hash and the event's canonical bytes
 * ({@link StoredEvent#canonicalBytes}: every column of its row as stored).
 */
public final class ChainLink {

    /** The previous hash of a tenant's first link. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "scim-ledger-chain-v1";

    private ChainLink() {
    }

    public static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                rs.getString("aggregate_identifier"), rs.getLong("sequence_number"), rs.getString("type"),
                rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                rs.getBytes("payload"), rs.getBytes("meta_data"));
    }

    public static String hash(String previousHash, String tenantId, StoredEvent event) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(event.canonicalBytes(VERSION, previousHash, tenantId)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
