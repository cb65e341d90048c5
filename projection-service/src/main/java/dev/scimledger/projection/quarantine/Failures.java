package dev.scimledger.projection.quarantine;

import dev.scimledger.scim.Causes;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Whether a projection's failure is the event's own (retrying the same event can only fail the same way, so it is
 * quarantined) or the world's (the database or the broker is away, a deadlock, a timeout: the projection waits and
 * tries again, as it always has, so that an outage never sets events aside).
 */
final class Failures {

    private Failures() {
    }

    /** A failure retrying may mend: the projection stops and tries the same events again later. */
    static boolean transientFailure(Throwable failure) {
        return Causes.any(failure, t -> t instanceof InterruptedException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof RetriableException
                || t instanceof TransientDataAccessException
                || t instanceof RecoverableDataAccessException
                || t instanceof DataAccessResourceFailureException
                || t instanceof SQLTransientException
                || t instanceof SQLRecoverableException
                // the network under a driver or client (Jackson's parse errors are IOExceptions too, and not this)
                || t instanceof java.net.SocketException
                || t instanceof java.net.SocketTimeoutException
                || t instanceof SQLException sql && transientState(sql.getSQLState()));
    }

    /**
     * A failure while writing a batch (the rows of the events, or their Kafka records) that one event's content
     * causes: a value the table refuses (SQL state classes 22 data exception, 23 integrity, 54 program limit such as an
     * index row too large), a record the broker refuses, or a payload or record that does not (de)serialise. Anything else there (a missing table, a configuration
     * error) would fail every event alike, and is not set aside.
     */
    static boolean eventsOwnWriteFailure(Throwable failure) {
        return !transientFailure(failure) && Causes.any(failure, t -> t instanceof RecordTooLargeException
                || t instanceof InvalidRecordException
                || t instanceof org.apache.kafka.common.errors.SerializationException
                || t instanceof org.axonframework.serialization.SerializationException
                || t instanceof com.fasterxml.jackson.core.JsonProcessingException
                || t instanceof SQLException sql && dataState(sql.getSQLState()));
    }

    /**
     * A failure while handling one event (reading its payload, building its row or record): the event's own, unless
     * it is one retrying may mend.
     */
    static boolean eventsOwnHandlingFailure(Throwable failure) {
        return !transientFailure(failure);
    }

    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57") || state.startsWith("58") || state.startsWith("55"));
    }

    private static boolean dataState(String state) {
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }
}
