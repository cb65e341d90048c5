package dev.scimledger.gateway;

import dev.scimledger.scim.Causes;
import org.springframework.dao.DataAccessResourceFailureException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The database out of reach, as every entry point answers it: 503 with Retry-After, never a 500. */
public final class DatabaseOutage {

    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String DETAIL = "the database is unavailable; retry shortly (a write cut off while"
            + " committing may have been applied: a repeated create then answers 409)";

    private DatabaseOutage() {
    }

    /**
     * Whether the failure is the database being out of reach (no connection within the pool's timeout, a connection
     * lost, the server shutting down or starting up: SQL states of class 08 and 57P01-57P03), which is worth a 503
     * and a retry rather than a 500.
     */
    public static boolean is(Throwable failure) {
        return Causes.any(failure, t -> t instanceof DataAccessResourceFailureException
                || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]")));
    }
}
