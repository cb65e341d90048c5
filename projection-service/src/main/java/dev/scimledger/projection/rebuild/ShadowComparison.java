package dev.scimledger.projection.rebuild;

import dev.scimledger.messages.rebuild.ProjectionDifference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One comparison of a live projection with its rebuild, read within one snapshot: a SHA-256 digest of each side
 * over every row in key order (key, tab, canonical row, newline), and each row judged.
 *
 * <p>A row with the same version on both sides must be the same row: otherwise a real difference ({@code content}).
 * A row whose versions differ, or that one side lacks, is still moving when the live processor has not yet applied
 * every event of the snapshot (the rebuild has: it was caught up inside the same snapshot); once the live processor
 * has, such a row is a real difference too.
 */
final class ShadowComparison implements RowCallbackHandler {

    private final boolean liveCaughtUp;
    private final int shown;
    private final MessageDigest live = sha256();
    private final MessageDigest rebuilt = sha256();
    private final List<ProjectionDifference> differences = new ArrayList<>();
    private final List<ProjectionDifference> moving = new ArrayList<>();
    private String prefix = "";
    private long rows;
    private long differenceCount;
    private long movingCount;

    private ShadowComparison(boolean liveCaughtUp, int shown) {
        this.liveCaughtUp = liveCaughtUp;
        this.shown = shown;
    }

    /** What one comparison found. */
    record Result(long rows, String liveDigest, String rebuiltDigest, long differenceCount,
                  List<ProjectionDifference> differences, long movingCount, List<ProjectionDifference> moving) {
    }

    static Result of(JdbcTemplate jdbc, RebuildableProjection projection, String tenantId, boolean liveCaughtUp,
                     int shown) {
        ShadowComparison comparison = new ShadowComparison(liveCaughtUp, shown);
        for (RebuildableProjection.ComparedTable table : projection.compared()) {
            comparison.prefix = table.keyPrefix();
            jdbc.query(con -> {
                var statement = con.prepareStatement(table.sql());
                statement.setFetchSize(1000);
                for (int i = 1; i <= 4; i++) {
                    statement.setString(i, tenantId);
                }
                return statement;
            }, comparison);
        }
        HexFormat hex = HexFormat.of();
        return new Result(comparison.rows, hex.formatHex(comparison.live.digest()),
                hex.formatHex(comparison.rebuilt.digest()), comparison.differenceCount,
                List.copyOf(comparison.differences), comparison.movingCount, List.copyOf(comparison.moving));
    }

    @Override
    public void processRow(ResultSet rs) throws SQLException {
        String key = prefix + rs.getString("row_key");
        Long liveVersion = version(rs, "live_version");
        Long rebuiltVersion = version(rs, "rebuilt_version");
        String liveRow = rs.getString("live_row");
        String rebuiltRow = rs.getString("rebuilt_row");
        rows++;
        if (liveRow != null) {
            live.update((key + '\t' + liveRow + '\n').getBytes(StandardCharsets.UTF_8));
        }
        if (rebuiltRow != null) {
            rebuilt.update((key + '\t' + rebuiltRow + '\n').getBytes(StandardCharsets.UTF_8));
        }
        if (liveRow != null && rebuiltRow != null && Objects.equals(liveVersion, rebuiltVersion)) {
            if (!liveRow.equals(rebuiltRow)) {
                differenceCount++;
                add(differences, new ProjectionDifference(key, "content", liveVersion, rebuiltVersion));
            }
            return;
        }
        String kind = liveRow == null ? "onlyRebuilt" : rebuiltRow == null ? "onlyLive" : "version";
        ProjectionDifference difference = new ProjectionDifference(key, kind, liveVersion, rebuiltVersion);
        if (liveCaughtUp) {
            differenceCount++;
            add(differences, difference);
        } else {
            movingCount++;
            add(moving, difference);
        }
    }

    private void add(List<ProjectionDifference> list, ProjectionDifference difference) {
        if (list.size() < shown) {
            list.add(difference);
        }
    }

    private static Long version(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
