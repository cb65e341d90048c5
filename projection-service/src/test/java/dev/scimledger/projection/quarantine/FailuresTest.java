package dev.scimledger.projection.quarantine;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which failures set an event aside, and which stop the projection to try again: an outage never quarantines. */
class FailuresTest {

    private static SQLException sql(String state) {
        return new SQLException("refused", state);
    }

    @Test
    void aRowTheTableRefusesOrARecordTheBrokerRefusesIsTheEventsOwn() {
        assertThat(Failures.eventsOwnWriteFailure(new DataIntegrityViolationException("x", sql("23514")))).isTrue();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("22001")))).as("value too long").isTrue();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("54000")))).as("index row size").isTrue();
        assertThat(Failures.eventsOwnWriteFailure(new IllegalStateException("Kafka did not acknowledge",
                new ExecutionException(new RecordTooLargeException("1 MB"))))).isTrue();
    }

    @Test
    void anOutageADeadlockATimeoutOrAnythingUnknownStopsTheProjectionInstead() {
        assertThat(Failures.eventsOwnWriteFailure(new CannotGetJdbcConnectionException("down"))).isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("08006")))).as("connection lost").isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("40P01")))).as("deadlock").isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("57014")))).as("cancelled").isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new RuntimeException(sql("42P01")))).as("no such table").isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new IllegalStateException("Kafka did not acknowledge",
                new ExecutionException(new NotEnoughReplicasException("isr"))))).isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new IllegalStateException(new TimeoutException()))).isFalse();
        assertThat(Failures.eventsOwnWriteFailure(new IllegalStateException("bootstrap servers not set"))).isFalse();
        assertThat(Failures.eventsOwnHandlingFailure(new CannotGetJdbcConnectionException("down"))).isFalse();
        assertThat(Failures.eventsOwnHandlingFailure(new IllegalArgumentException("no such attribute"))).isTrue();
    }

    @Test
    void outsideAQuarantiningProjectionsBatchTheHandlerErrorIsThrown() {
        QuarantiningErrorHandler handler = new QuarantiningErrorHandler();
        IllegalArgumentException failure = new IllegalArgumentException("unreadable");
        assertThatThrownBy(() -> handler.onError(failure,
                new GenericDomainEventMessage<>("User", "u1", 0, "payload"), null)).isSameAs(failure);
    }
}
