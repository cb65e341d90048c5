package dev.scimledger.command.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides when a gap in a tracking token can never be filled, by asking PostgreSQL which transactions are writing to
 * the event log rather than by the clock.
 * <p>
 * A gap is a global index below one already read that was not there when it was read: either its transaction rolled
 * back (the gap is permanent) or it has not committed yet (the event will appear). Axon's JDBC engine tells the two
 * apart by time: it drops a gap once the events around it are older than its gap timeout, so an append transaction
 * that commits later than that, or an event stamped by a node whose clock runs behind, or a processor reading history
 * while a slow append is open, loses that event for every tracking processor, for good (AxonFramework issue 4829).
 * <p>
 * Here a gap is dropped only when it cannot be filled any more. Every transaction that inserts into the event log
 * holds a {@code RowExclusiveLock} on its table from before the insert takes its index until it ends, and
 * {@code pg_locks} lists those locks to every role. When a gap is first seen, its index was already handed out, so its
 * transaction is then either among the lock holders or over. Once none of the transactions that held the lock when
 * the gap was first seen still holds it, the gap's transaction is over: committed, and then its event is read instead
 * of dropping the gap, or rolled back, and then the gap is dropped. No timeout, no clock, and a transaction may stay
 * open as long as it likes: the gap waits for it.
 * <p>
 * The sightings are kept in memory, per process: a node that restarts, or forgets an old sighting, sees the gap anew,
 * which only makes it wait for the transactions open then, a superset of those that matter.
 */
final class GapSettlement {

    /** Sightings kept before the oldest are forgotten (and so seen anew if still gaps). */
    private static final int SIGHTINGS_KEPT = 10_000;

    private final JdbcTemplate jdbc;
    private final String eventTable;
    private final String globalIndexColumn;
    /** gap index → the writing transactions (virtual transaction ids) open when the gap was first seen */
    private final Map<Long, Set<String>> sightings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Set<String>> eldest) {
            return size() > SIGHTINGS_KEPT;
        }
    };

    GapSettlement(JdbcTemplate jdbc, String eventTable, String globalIndexColumn) {
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.globalIndexColumn = globalIndexColumn;
    }

    /** The token without the gaps that can no longer be filled; the same token when there are none. */
    GapAwareTrackingToken settle(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return token;
        }
        Set<String> writing = openWriters();
        List<Long> settled = new ArrayList<>();
        synchronized (sightings) {
            for (Long gap : token.getGaps()) {
                Set<String> writingWhenSeen = sightings.computeIfAbsent(gap, seen -> writing);
                if (Collections.disjoint(writingWhenSeen, writing)) {
                    settled.add(gap);
                }
            }
        }
        if (settled.isEmpty()) {
            return token;
        }
        // Asked after the writers above were found gone: a gap whose transaction committed is now visible, and is
        // read by the next fetch (which reads the token's gaps) rather than dropped.
        settled.removeAll(committed(settled));
        if (settled.isEmpty()) {
            return token;
        }
        SortedSet<Long> remaining = new TreeSet<>(token.getGaps());
        settled.forEach(remaining::remove);
        return GapAwareTrackingToken.newInstance(token.getIndex(), remaining);
    }

    /**
     * The transactions that hold a write lock on the event log now, by virtual transaction id (unique while the
     * server runs). Locks not yet granted count too: they belong to transactions about to insert.
     */
    private Set<String> openWriters() {
        return new HashSet<>(jdbc.queryForList("""
                SELECT DISTINCT virtualtransaction FROM pg_locks
                WHERE locktype = 'relation' AND relation = to_regclass(?) AND mode = 'RowExclusiveLock'
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""",
                String.class, eventTable));
    }

    private List<Long> committed(List<Long> indexes) {
        return jdbc.query("SELECT " + globalIndexColumn + " FROM " + eventTable + " WHERE " + globalIndexColumn + " = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("bigint", indexes.toArray())),
                (row, n) -> row.getLong(1));
    }
}
