package dev.scimledger.command.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that a PostgreSQL unique violation (SQL state 23505) on append is a duplicate key, so a concurrent
 * append of the same aggregate sequence by another node surfaces as a {@code ConcurrencyException} instead of an
 * opaque storage error. Axon's default resolver reads vendor error codes, which PostgreSQL's driver leaves at 0.
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
