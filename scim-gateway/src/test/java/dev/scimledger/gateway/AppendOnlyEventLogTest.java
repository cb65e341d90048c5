package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The event log is append-only by the database: the application's role may only read and append to
 * {@code domain_event_entry} (privileges), and not even the owner, a superuser, may change or remove an event
 * (V3's triggers, SQL state {@value #APPEND_ONLY}). Snapshots and processor tokens stay writable.
 */
class AppendOnlyEventLogTest extends RunningService {

    /** The SQL state V3's triggers raise. */
    static final String APPEND_ONLY = "P0A01";
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** The application's DataSource: the role the service runs as. */
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Value("${spring.datasource.url}")
    String url;

    @Test
    void theServiceRunsAsANonSuperuserRoleThatMayOnlyReadAndAppendTheLog() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("scim_app");
        assertThat(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class))
                .isFalse();
        for (String appendOnly : List.of("domain_event_entry", "event_mac")) {
            Map<String, Object> log = jdbc.queryForMap("""
                    SELECT has_table_privilege(current_user, ?, 'SELECT') AS "select",
                           has_table_privilege(current_user, ?, 'INSERT') AS "insert",
                           has_table_privilege(current_user, ?, 'UPDATE') AS "update",
                           has_table_privilege(current_user, ?, 'DELETE') AS "delete",
                           has_table_privilege(current_user, ?, 'TRUNCATE') AS "truncate",
                           has_table_privilege(current_user, ?, 'TRIGGER') AS "trigger"
                    """, appendOnly, appendOnly, appendOnly, appendOnly, appendOnly, appendOnly);
            assertThat(log).as(appendOnly).containsExactlyInAnyOrderEntriesOf(Map.of("select", true, "insert", true,
                    "update", false, "delete", false, "truncate", false, "trigger", false));
        }
        // the log's published reading (command-service's view, which the projections use): read, nothing else
        Map<String, Object> view = jdbc.queryForMap("""
                SELECT has_table_privilege(current_user, 'event_log', 'SELECT') AS "select",
                       has_table_privilege(current_user, 'event_log', 'INSERT') AS "insert",
                       has_table_privilege(current_user, 'event_log', 'UPDATE') AS "update",
                       has_table_privilege(current_user, 'event_log', 'DELETE') AS "delete"
                """);
        assertThat(view).containsExactlyInAnyOrderEntriesOf(Map.of("select", true, "insert", false, "update", false,
                "delete", false));
        // every other table of the service: read and write, never truncate; Flyway's history is not its business
        List<Map<String, Object>> tables = jdbc.queryForList("""
                SELECT c.relname AS name,
                       has_table_privilege(current_user, c.oid, 'SELECT')
                         AND has_table_privilege(current_user, c.oid, 'INSERT')
                         AND has_table_privilege(current_user, c.oid, 'UPDATE')
                         AND has_table_privilege(current_user, c.oid, 'DELETE') AS writes,
                       has_table_privilege(current_user, c.oid, 'TRUNCATE') AS truncates
                FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                  AND c.relname NOT IN ('domain_event_entry', 'event_mac', 'flyway_schema_history')""");
        assertThat(tables).extracting(row -> row.get("name")).contains("snapshot_event_entry", "token_entry",
                "scim_token", "scim_user", "audit_event", "user_name_claim", "tenant");
        assertThat(tables).allSatisfy(row -> {
            assertThat(row.get("writes")).as(row.get("name") + " writable").isEqualTo(true);
            assertThat(row.get("truncates")).as(row.get("name") + " truncatable").isEqualTo(false);
        });
        assertThat(jdbc.queryForObject(
                "SELECT has_table_privilege(current_user, 'flyway_schema_history', 'SELECT')", Boolean.class)).isFalse();
    }

    @Test
    void theApplicationsConnectionCannotUpdateDeleteOrTruncateTheLog() {
        String id = createUser();
        List<String> before = rows(id);

        assertRefused(() -> jdbc.update("UPDATE domain_event_entry SET payload_type = 'forged' WHERE aggregate_identifier = ?", id),
                INSUFFICIENT_PRIVILEGE, "permission denied for table domain_event_entry");
        assertRefused(() -> jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", id),
                INSUFFICIENT_PRIVILEGE, "permission denied for table domain_event_entry");
        // nor through the view the projections read it by (its owner's rights do not lend themselves to writes)
        assertRefused(() -> jdbc.update("UPDATE event_log SET payload_type = 'forged' WHERE aggregate_identifier = ?", id),
                INSUFFICIENT_PRIVILEGE, "permission denied for view event_log");
        assertRefused(() -> jdbc.execute("TRUNCATE domain_event_entry"),
                INSUFFICIENT_PRIVILEGE, "permission denied for table domain_event_entry");
        // nor can it take the triggers away
        assertRefused(() -> jdbc.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL"),
                INSUFFICIENT_PRIVILEGE, "must be owner of table domain_event_entry");
        assertRefused(() -> jdbc.execute("SET session_replication_role = replica"),
                INSUFFICIENT_PRIVILEGE, "session_replication_role");

        assertThat(rows(id)).isEqualTo(before);
    }

    @Test
    void notEvenTheOwnerASuperuserCanUpdateDeleteOrTruncateTheLog() throws SQLException {
        String id = createUser();
        List<String> before = rows(id);

        try (Connection owner = DriverManager.getConnection(url, "postgres", superuserPassword());
             Statement statement = owner.createStatement()) {
            assertThat(single(statement, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("t");
            assertThat(single(statement, "SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'"))
                    .isEqualTo("postgres");

            SQLException update = sqlError(() -> statement.executeUpdate(
                    "UPDATE domain_event_entry SET payload_type = 'forged' WHERE aggregate_identifier = '" + id + "'"));
            assertThat(update.getSQLState()).isEqualTo(APPEND_ONLY);
            assertThat(update.getMessage()).contains("domain_event_entry is append-only: UPDATE refused")
                    .contains("aggregate " + id);

            SQLException delete = sqlError(() -> statement.executeUpdate(
                    "DELETE FROM domain_event_entry WHERE aggregate_identifier = '" + id + "'"));
            assertThat(delete.getSQLState()).isEqualTo(APPEND_ONLY);
            assertThat(delete.getMessage()).contains("domain_event_entry is append-only: DELETE refused");

            SQLException truncate = sqlError(() -> statement.execute("TRUNCATE domain_event_entry"));
            assertThat(truncate.getSQLState()).isEqualTo(APPEND_ONLY);
            assertThat(truncate.getMessage()).contains("domain_event_entry is append-only: TRUNCATE refused");

            SQLException cascade = sqlError(() -> statement.execute("TRUNCATE domain_event_entry, snapshot_event_entry CASCADE"));
            assertThat(cascade.getSQLState()).isEqualTo(APPEND_ONLY);
        }
        assertThat(rows(id)).isEqualTo(before);
    }

    @Test
    void snapshotsAndProcessorTokensStayWritableByTheApplication() throws SQLException {
        createUser();
        try (Connection app = dataSource.getConnection()) {
            app.setAutoCommit(false);
            try (Statement statement = app.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '10s'");
                assertThat(statement.executeUpdate("UPDATE token_entry SET timestamp = timestamp "
                        + "WHERE processor_name = 'audit-trail' AND segment = 0")).isEqualTo(1);

                String aggregate = "append-only-test-" + UUID.randomUUID();
                try (PreparedStatement insert = app.prepareStatement("""
                        INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                          payload, payload_type, time_stamp)
                        VALUES (?, 0, 'Test', ?, '\\x00', 'test', '2024-01-01T00:00:00Z')""")) {
                    insert.setString(1, aggregate);
                    insert.setString(2, UUID.randomUUID().toString());
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                assertThat(statement.executeUpdate("UPDATE snapshot_event_entry SET sequence_number = 1 "
                        + "WHERE aggregate_identifier = '" + aggregate + "'")).isEqualTo(1);
                assertThat(statement.executeUpdate("DELETE FROM snapshot_event_entry "
                        + "WHERE aggregate_identifier = '" + aggregate + "'")).isEqualTo(1);
            } finally {
                app.rollback();
                app.setAutoCommit(true);
            }
        }
    }

    private String createUser() {
        Response created = scim("POST", "/Users", newTenantToken(), entraUser(unique("append-only"), "obj"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(rows(id)).isNotEmpty();
        return id;
    }

    /** The user's events, every column. */
    private List<String> rows(String aggregateId) {
        return jdbc.queryForList("SELECT e::text FROM domain_event_entry e WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", String.class, aggregateId);
    }

    private static void assertRefused(Runnable statement, String sqlState, String message) {
        Throwable thrown = catchThrowable(statement::run);
        assertThat(thrown).as("refused").isNotNull();
        SQLException sql = rootSqlException(thrown);
        if (sql == null) {
            throw new AssertionError("not an SQL error", thrown);
        }
        assertThat(sql.getSQLState()).as(sql.getMessage()).isEqualTo(sqlState);
        assertThat(sql.getMessage()).contains(message);
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static SQLException sqlError(SqlAction action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).as("refused").isInstanceOf(SQLException.class);
        return (SQLException) thrown;
    }

    private static SQLException rootSqlException(Throwable thrown) {
        SQLException found = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            assertThat(values).hasSize(1);
            return values.get(0);
        }
    }
}
