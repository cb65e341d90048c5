package dev.scimledger.gateway.provisioninglog;

import dev.scimledger.gateway.Instants;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the provisioning log: a page of requests, newest first, by filter; and requests and errors per hour. */
public class ProvisioningLog {

    public static final int MAX_COUNT = 500;

    private final JdbcTemplate jdbc;

    ProvisioningLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What to show; every field but {@code count} may be null.
     *
     * @param tenantId     one tenant's requests (null: every request, those without a tenant included)
     * @param outcome      accepted, refused or failed
     * @param resourceType User, Group, Bulk, …
     * @param text         found in the path, the error's detail, the resource id or a request id
     * @param before       the page after the one that ended with this id
     */
    public record Filter(String tenantId, String outcome, String resourceType, String resourceId, Instant from,
                         Instant to, String text, Long before, int count) {
    }

    private static final Set<String> OUTCOMES = Set.of("accepted", "refused", "failed");

    /**
     * A filter from request parameters, as the admin API and the console take them (blank means none).
     *
     * @throws ScimException 400 for an outcome, an instant or a count that is not one
     */
    public static Filter filter(String tenantId, String outcome, String resourceType, String resourceId, String from,
                                String to, String text, Long before, int count) {
        String chosenOutcome = blankToNull(outcome);
        if (chosenOutcome != null && !OUTCOMES.contains(chosenOutcome)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "outcome is accepted, refused or failed");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "count is from 1 to " + MAX_COUNT);
        }
        return new Filter(tenantId, chosenOutcome, blankToNull(resourceType), blankToNull(resourceId),
                Instants.optional("from", from), Instants.optional("to", to), blankToNull(text), before, count);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** @param nextBefore the {@code before} of the next page; null on the last */
    public record Page(List<ProvisioningRequest> requests, Long nextBefore) {
    }

    public record Hour(Instant hour, long requests, long errors) {
    }

    private static final RowMapper<ProvisioningRequest> ROW = (rs, n) -> new ProvisioningRequest(rs.getLong("id"),
            rs.getTimestamp("at").toInstant(), rs.getString("tenant_id"), rs.getString("token_id"),
            rs.getString("method"), rs.getString("path"), rs.getString("resource_type"), rs.getString("resource_id"),
            rs.getInt("status"), rs.getString("outcome"), rs.getString("scim_type"), rs.getString("detail"),
            rs.getDouble("latency_ms"), rs.getString("request_id"), rs.getString("client_request_id"),
            rs.getString("client_address"), rs.getString("ignored_attributes"));

    public Page page(Filter filter) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (filter.tenantId() != null) {
            where.add("tenant_id = ?");
            args.add(filter.tenantId());
        }
        if (filter.outcome() != null) {
            where.add("outcome = ?");
            args.add(filter.outcome());
        }
        if (filter.resourceType() != null) {
            where.add("resource_type = ?");
            args.add(filter.resourceType());
        }
        if (filter.resourceId() != null) {
            where.add("resource_id = ?");
            args.add(filter.resourceId());
        }
        if (filter.from() != null) {
            where.add("at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String like = "%" + filter.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add("(path ILIKE ? OR detail ILIKE ? OR resource_id ILIKE ? OR request_id ILIKE ? "
                    + "OR client_request_id ILIKE ?)");
            for (int i = 0; i < 5; i++) {
                args.add(like);
            }
        }
        if (filter.before() != null) {
            where.add("id < ?");
            args.add(filter.before());
        }
        int count = Math.max(1, Math.min(MAX_COUNT, filter.count()));
        args.add(count + 1);
        List<ProvisioningRequest> rows = jdbc.query("SELECT * FROM provisioning_request"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT ?", ROW, args.toArray());
        if (rows.size() <= count) {
            return new Page(rows, null);
        }
        List<ProvisioningRequest> page = rows.subList(0, count);
        return new Page(List.copyOf(page), page.get(count - 1).id());
    }

    /** The tenant's requests and errors (4xx and 5xx) in each hour of the {@code hours} up to now, oldest first. */
    public List<Hour> hourly(String tenantId, int hours, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(hours));
        Map<Instant, long[]> counted = new HashMap<>();
        jdbc.query("""
                SELECT date_trunc('hour', at) AS hour, count(*) AS requests, count(*) FILTER (WHERE status >= 400) AS errors
                FROM provisioning_request WHERE tenant_id = ? AND at >= ? AND at < ?
                GROUP BY 1""", rs -> {
            counted.put(rs.getTimestamp("hour").toInstant(), new long[] {rs.getLong("requests"), rs.getLong("errors")});
        }, tenantId, Timestamp.from(start), Timestamp.from(end));
        List<Hour> series = new ArrayList<>(hours);
        for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            long[] c = counted.getOrDefault(hour, new long[2]);
            series.add(new Hour(hour, c[0], c[1]));
        }
        return series;
    }
}
