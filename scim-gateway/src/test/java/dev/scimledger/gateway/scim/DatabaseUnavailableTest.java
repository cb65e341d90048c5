package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.DatabaseOutage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database is out of reach" (503 and Retry-After) rather than a fault of ours (500). */
class DatabaseUnavailableTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("no connection from the pool in time", new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection", new SQLTransientConnectionException("timed out")), true),
                Arguments.of("connection refused", new IllegalStateException(new PSQLException(
                        "Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)), true),
                Arguments.of("connection lost mid-statement", new UncategorizedSQLException("insert", "INSERT",
                        new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE)), true),
                Arguments.of("server shutting down (57P01)", new RuntimeException(new SQLException("terminating", "57P01")), true),
                Arguments.of("server starting up (57P03)", new RuntimeException(new SQLException("starting up", "57P03")), true),
                Arguments.of("duplicate key", new DataIntegrityViolationException("dup", new SQLException("dup", "23505")), false),
                Arguments.of("query cancelled (57014)", new RuntimeException(new SQLException("cancel", "57014")), false),
                Arguments.of("no database at all", new IllegalArgumentException("bad"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void isTheDatabaseOutOfReach(String what, Throwable failure, boolean unavailable) {
        assertThat(DatabaseOutage.is(failure)).isEqualTo(unavailable);
    }
}
