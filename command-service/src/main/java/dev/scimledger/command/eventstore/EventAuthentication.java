package dev.scimledger.command.eventstore;

import dev.scimledger.messages.chain.StoredEvent;
import dev.scimledger.messages.chain.UnauthenticatedEvent;
import dev.scimledger.messages.chain.UnauthenticatedEventsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * A MAC on every event the application appends, made in the appending transaction (HMAC-SHA256 over the stored row,
 * {@link StoredEvent#canonicalBytes}) with a key kept in a file outside the database. Whoever writes the table
 * directly (a database superuser) cannot make one, so such an event is found even when the chain has sealed it.
 * Events already in the log when the key was made ({@code authenticatedAfter}, kept in the same file, so the
 * database cannot move it) have no MAC and are not asked for one.
 */
public class EventAuthentication {

    private static final Logger log = LoggerFactory.getLogger(EventAuthentication.class);
    private static final String VERSION = "scim-ledger-event-mac-v1";

    private final JdbcTemplate jdbc;
    private final byte[] key;
    private final long authenticatedAfter;

    EventAuthentication(JdbcTemplate jdbc, byte[] key, long authenticatedAfter) {
        this.jdbc = jdbc;
        this.key = key;
        this.authenticatedAfter = authenticatedAfter;
    }

    /** Loads the key file, or makes one (readable by its owner only) when there is none. */
    public static EventAuthentication load(Path file, JdbcTemplate jdbc) {
        try {
            Properties stored = new Properties();
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Long last = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
                long after = last == null ? 0 : last;
                stored.setProperty("key", Base64.getEncoder().encodeToString(key));
                stored.setProperty("authenticatedAfter", Long.toString(after));
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path written = file.resolveSibling(file.getFileName() + ".tmp");
                try (var out = Files.newBufferedWriter(written)) {
                    stored.store(out, "SCIM Ledger event MAC key: every instance needs this same file; keep a copy "
                            + "outside the machine, with the chain signing key");
                }
                try {
                    Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX permissions: the directory's protection is what there is
                }
                Files.move(written, file);
                if (after > 0) {
                    log.warn("Generated the event MAC key {}: events after log position {} are authenticated, the {} "
                            + "before it cannot be (if a key file existed before, restore it instead)", file, after, after);
                } else {
                    log.info("Generated the event MAC key {}; keep a copy of it outside the machine", file);
                }
            }
            try (var in = Files.newBufferedReader(file)) {
                stored.load(in);
            }
            return new EventAuthentication(jdbc, Base64.getDecoder().decode(stored.getProperty("key")),
                    Long.parseLong(stored.getProperty("authenticatedAfter")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the event MAC key " + file, e);
        }
    }

    /** Makes the MACs of the events just appended (their rows as written), in the appending transaction. */
    void authenticate(List<StoredEvent> written) {
        List<Object[]> macs = new ArrayList<>(written.size());
        for (StoredEvent event : written) {
            macs.add(new Object[]{event.eventId(), event.globalIndex(), mac(event)});
        }
        jdbc.batchUpdate("INSERT INTO event_mac (event_identifier, global_index, mac) VALUES (?, ?, ?)", macs);
    }

    @QueryHandler
    public List<UnauthenticatedEvent> handle(UnauthenticatedEventsQuery query) {
        List<UnauthenticatedEvent> found = new ArrayList<>();
        jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT " + prefixed() + ", m.mac FROM domain_event_entry e "
                    + "LEFT JOIN event_mac m ON m.event_identifier = e.event_identifier "
                    + "WHERE e.global_index > ? ORDER BY e.global_index");
            statement.setLong(1, authenticatedAfter);
            statement.setFetchSize(500);
            return statement;
        }, (RowCallbackHandler) rs -> {
            StoredEvent event = read(rs);
            byte[] mac = rs.getBytes("mac");
            if (mac == null) {
                found.add(new UnauthenticatedEvent(event.eventId(), event.globalIndex(), "no MAC"));
            } else if (!MessageDigest.isEqual(mac, mac(event))) {
                found.add(new UnauthenticatedEvent(event.eventId(), event.globalIndex(), "MAC mismatch"));
            }
        });
        return found;
    }

    private static String prefixed() {
        return "e." + StoredEvent.COLUMNS.replace(", ", ", e.");
    }

    private byte[] mac(StoredEvent event) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(event.canonicalBytes(VERSION));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                rs.getString("aggregate_identifier"), rs.getLong("sequence_number"), rs.getString("type"),
                rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                rs.getBytes("payload"), rs.getBytes("meta_data"));
    }
}
