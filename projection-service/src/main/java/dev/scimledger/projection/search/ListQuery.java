package dev.scimledger.projection.search;

import dev.scimledger.messages.ListPosition;
import dev.scimledger.scim.Causes;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One page of a filtered, ordered list of a tenant's resources, and how many there are in all: by index
 * (RFC 7644 §3.4.2.4, {@code LIMIT/OFFSET}) or by keyset (RFC 9865 cursors: the rows right after a
 * {@link ListPosition} in the list's order, so that a page never repeats or skips a resource while others are added
 * or removed). Every value travels as a bind parameter.
 */
public final class ListQuery {

    /**
     * @param total all matches, not just this page
     * @param rows  this page
     * @param next     for a keyset page followed by more: the position of its last row; otherwise null
     * @param previous for a keyset page with rows before it: the position (before) of its first row; otherwise null
     */
    public record Result<R>(long total, List<R> rows, ListPosition next, ListPosition previous) {
    }

    /** What is listed: a table, the columns read, and the condition every listed row meets (the tenant's, alive). */
    public record Source(String table, String columns, String scope, List<Object> scopeParameters) {
    }

    private ListQuery() {
    }

    /**
     * @param where      the translated filter
     * @param order      the translated sortBy (or the default order)
     * @param startIndex 1-based index of the first row (index paging)
     * @param count      the page size; 0 answers the total alone
     * @param keyset     page by keyset rather than by index
     * @param after      with keyset: the position the page starts after (or, {@link ListPosition#before}, ends
     *                   before), or null for the first page
     */
    public static <R> Result<R> run(JdbcTemplate jdbc, Source source, JsonbFilterSql.Where where,
                                    JsonbFilterSql.Order order, int startIndex, int count, boolean keyset,
                                    ListPosition after, RowMapper<R> mapper) {
        try {
            return runUnbounded(jdbc, source, where, order, startIndex, count, keyset, after, mapper);
        } catch (DataAccessException failure) {
            if (timedOut(failure)) {
                // RFC 7644 §3.12: tooMany is "more results than the server is willing to calculate or process"
                throw ScimException.invalid(ScimErrorType.TOO_MANY, "the filter asks for more work than a search may"
                        + " take (" + jdbc.getQueryTimeout() + " s); narrow it, e.g. with eq or sw instead of co");
            }
            throw failure;
        }
    }

    /** A JdbcTemplate for searches: a statement running longer than {@code timeout} is cancelled by the driver. */
    public static JdbcTemplate bounded(JdbcTemplate jdbc, Duration timeout) {
        JdbcTemplate bounded = new JdbcTemplate(jdbc.getDataSource());
        bounded.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        return bounded;
    }

    /** PostgreSQL's "canceling statement due to statement timeout" (SQL state 57014). */
    private static boolean timedOut(Throwable failure) {
        return Causes.any(failure, t -> t instanceof QueryTimeoutException
                || t instanceof SQLException sql && "57014".equals(sql.getSQLState()));
    }

    private static <R> Result<R> runUnbounded(JdbcTemplate jdbc, Source source, JsonbFilterSql.Where where,
                                    JsonbFilterSql.Order order, int startIndex, int count, boolean keyset,
                                    ListPosition after, RowMapper<R> mapper) {
        // translate the cursor's position before any SQL runs: a position this order cannot have is a 400
        JsonbFilterSql.Where afterWhere = !keyset || after == null ? null
                : after.before() ? order.before(after.sortKey(), after.id()) : order.after(after.sortKey(), after.id());
        List<Object> params = new ArrayList<>(source.scopeParameters());
        params.addAll(where.parameters());
        String condition = source.scope() + " AND (" + where.sql() + ")";
        Long counted = jdbc.queryForObject("SELECT count(*) FROM " + source.table() + " WHERE " + condition, Long.class,
                params.toArray());
        long total = counted == null ? 0 : counted;
        if (count <= 0 || total == 0) {
            return new Result<>(total, List.of(), null, null);
        }
        if (!keyset) {
            int start = Math.max(1, startIndex);
            if (total < start) {
                return new Result<>(total, List.of(), null, null);
            }
            params.add(count);
            params.add(start - 1);
            List<R> rows = jdbc.query("SELECT " + source.columns() + " FROM " + source.table() + " WHERE " + condition
                    + " ORDER BY " + order.orderBy() + " LIMIT ? OFFSET ?", mapper, params.toArray());
            return new Result<>(total, rows, null, null);
        }
        if (afterWhere != null) {
            condition += " AND " + afterWhere.sql();
            params.addAll(afterWhere.parameters());
        }
        params.add(count + 1); // one more than the page: whether another page follows (or, backwards, precedes)
        boolean backwards = after != null && after.before();
        List<Keyed<R>> rows = jdbc.query("SELECT " + source.columns() + ", " + order.keyAsText() + " AS sort_key, "
                        + order.idColumn() + " AS row_id FROM " + source.table() + " WHERE " + condition
                        + " ORDER BY " + (backwards ? order.reversedOrderBy() : order.orderBy()) + " LIMIT ?",
                (rs, n) -> new Keyed<>(mapper.mapRow(rs, n), rs.getString("sort_key"), rs.getString("row_id")),
                params.toArray());
        if (rows.isEmpty()) {
            // backwards with nothing before the position any more (those rows were deleted): the first page
            return backwards ? runUnbounded(jdbc, source, where, order, startIndex, count, true, null, mapper)
                    : new Result<>(total, List.of(), null, null);
        }
        boolean more = rows.size() > count;
        List<Keyed<R>> page = new ArrayList<>(more ? rows.subList(0, count) : rows);
        if (backwards) {
            Collections.reverse(page);
        }
        Keyed<R> first = page.get(0);
        Keyed<R> last = page.get(page.size() - 1);
        // forwards: more after, and rows before unless this is the first page; backwards: the position's own row
        // (or what followed it) comes after, and more before only when the query found them
        boolean hasNext = backwards || more;
        boolean hasPrevious = backwards ? more : after != null;
        return new Result<>(total, page.stream().map(Keyed::row).toList(),
                hasNext ? new ListPosition(last.sortKey(), last.id()) : null,
                hasPrevious ? ListPosition.before(first.sortKey(), first.id()) : null);
    }

    private record Keyed<R>(R row, String sortKey, String id) {
    }
}
