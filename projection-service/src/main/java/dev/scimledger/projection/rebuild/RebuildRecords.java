package dev.scimledger.projection.rebuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.rebuild.ProjectionDifference;
import dev.scimledger.messages.rebuild.ProjectionRebuildStatus;
import dev.scimledger.scim.ScimException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code projection_rebuild} table: one row per rebuild, its progress and its result. */
final class RebuildRecords {

    /** The rebuild's row is no longer running (another node found its heartbeat stale and abandoned it). */
    static final class NoLongerRunning extends RuntimeException {
        NoLongerRunning(String id) {
            super("rebuild " + id + " is no longer running");
        }
    }

    private static final String COLUMNS = """
            id, projection, tenant_id, status, phase, actor, started_at, heartbeat_at, finished_at, events_applied,
            events_total, last_position, events_per_second, compare_rounds, rows_compared, compare_seconds, verdict,
            equal, live_digest, rebuilt_digest, difference_count, differences, error""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Duration staleAfter;

    RebuildRecords(JdbcTemplate jdbc, ObjectMapper json, Duration staleAfter) {
        this.jdbc = jdbc;
        this.json = json;
        this.staleAfter = staleAfter;
    }

    /**
     * Records a new running rebuild; refused (409) while another of the same projection runs on any node. A running
     * one whose heartbeat is stale is abandoned first, so a rebuild of a node that died does not block forever.
     */
    String start(String projection, String tenantId, String actor, String node, Long eventsTotal) {
        abandonStale();
        jdbc.queryForList("SELECT id::text FROM projection_rebuild WHERE projection = ? AND status = 'running'",
                String.class, projection).stream().findFirst().ifPresent(running -> {
                    throw running(projection, running);
                });
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("""
                    INSERT INTO projection_rebuild (id, projection, tenant_id, status, phase, actor, node, started_at,
                                                    heartbeat_at, events_total)
                    VALUES (?, ?, ?, 'running', 'replaying', ?, ?, now(), now(), ?)""",
                    id, projection, tenantId, actor, node, eventsTotal);
        } catch (DuplicateKeyException startedMeanwhile) {
            throw running(projection, "started a moment ago on another node");
        }
        return id.toString();
    }

    private static ScimException running(String projection, String which) {
        return ScimException.conflict(null, "a rebuild of " + projection + " is already running: " + which);
    }

    void abandonStale() {
        jdbc.update("""
                UPDATE projection_rebuild
                SET status = 'abandoned', phase = NULL, finished_at = now(),
                    error = 'no heartbeat since ' || heartbeat_at || ': its node stopped'
                WHERE status = 'running' AND heartbeat_at < now() - ? * interval '1 millisecond'""",
                staleAfter.toMillis());
    }

    void progress(String id, String phase, long applied, Long position, Double eventsPerSecond, int rounds) {
        int updated = jdbc.update("""
                UPDATE projection_rebuild
                SET phase = ?, events_applied = ?, last_position = ?, events_per_second = coalesce(?, events_per_second),
                    compare_rounds = ?, heartbeat_at = now()
                WHERE id = ? AND status = 'running'""", phase, applied, position, eventsPerSecond, rounds,
                UUID.fromString(id));
        if (updated == 0) {
            throw new NoLongerRunning(id);
        }
    }

    void complete(String id, String verdict, ShadowComparison.Result result, double compareSeconds, int rounds) {
        boolean moving = "inconclusive".equals(verdict);
        jdbc.update("""
                UPDATE projection_rebuild
                SET status = 'completed', phase = NULL, finished_at = now(), heartbeat_at = now(), verdict = ?,
                    equal = ?, live_digest = ?, rebuilt_digest = ?, rows_compared = ?, compare_seconds = ?,
                    compare_rounds = ?, difference_count = ?, differences = ?::jsonb
                WHERE id = ? AND status = 'running'""",
                verdict, moving ? null : "equal".equals(verdict), result.liveDigest(), result.rebuiltDigest(),
                result.rows(), compareSeconds, rounds,
                moving ? result.movingCount() : result.differenceCount(),
                write(moving ? result.moving() : result.differences()), UUID.fromString(id));
    }

    void finish(String id, String status, String error) {
        jdbc.update("""
                UPDATE projection_rebuild SET status = ?, phase = NULL, finished_at = now(), error = ?
                WHERE id = ? AND status = 'running'""", status, error, UUID.fromString(id));
    }

    Optional<ProjectionRebuildStatus> find(String projection, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuild WHERE id = ? AND projection = ?",
                this::status, uuid, projection).stream().findFirst();
    }

    List<ProjectionRebuildStatus> list(String projection, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " " + """
                FROM projection_rebuild WHERE projection = ? ORDER BY started_at DESC, id LIMIT ?""",
                this::status, projection, limit);
    }

    private ProjectionRebuildStatus status(ResultSet rs, int row) throws SQLException {
        String differences = rs.getString("differences");
        return new ProjectionRebuildStatus(rs.getString("id"), rs.getString("projection"), rs.getString("tenant_id"),
                rs.getString("status"), rs.getString("phase"), rs.getString("actor"), instant(rs, "started_at"),
                instant(rs, "heartbeat_at"), instant(rs, "finished_at"), rs.getLong("events_applied"),
                number(rs, "events_total"), number(rs, "last_position"), decimal(rs, "events_per_second"),
                rs.getInt("compare_rounds"), number(rs, "rows_compared"), decimal(rs, "compare_seconds"),
                rs.getString("verdict"), (Boolean) rs.getObject("equal"), rs.getString("live_digest"),
                rs.getString("rebuilt_digest"), number(rs, "difference_count"),
                differences == null ? null : read(differences), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static Long number(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double decimal(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private String write(List<ProjectionDifference> differences) {
        try {
            return json.writeValueAsString(differences);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ProjectionDifference> read(String differences) {
        try {
            return json.readValue(differences, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
