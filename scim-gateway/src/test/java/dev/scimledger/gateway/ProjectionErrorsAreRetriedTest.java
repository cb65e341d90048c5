package dev.scimledger.gateway;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon logs and skips an event whose handler throws unless told otherwise. No tracking projection here skips one:
 * the chain sealer propagates every error, so its processor retries that same event (with back-off) until it
 * succeeds; the audit trail and the Kafka publisher propagate every error that retrying may mend, and set aside in
 * their quarantine only an event whose own content fails ({@link QuarantineTest}), never dropping it. (The SCIM read
 * model is written inline, where a failure fails the command itself: {@link InlineReadModelTest}.)
 */
class ProjectionErrorsAreRetriedTest extends RunningService {

    @Autowired
    EventProcessingConfiguration processing;

    @ParameterizedTest
    @ValueSource(strings = {"audit-trail", "kafka-publisher", "event-chain"})
    void everyTrackingProjectionEitherRetriesOrQuarantines(String processingGroup) {
        assertThat(processing.eventProcessorByProcessingGroup(processingGroup, TrackingEventProcessor.class)).isPresent();
        if (processingGroup.equals("event-chain")) {
            assertThat(processing.listenerInvocationErrorHandler(processingGroup)).isInstanceOf(PropagatingErrorHandler.class);
        } else {
            assertThat(processing.listenerInvocationErrorHandler(processingGroup).getClass().getSimpleName())
                    .isEqualTo("QuarantiningErrorHandler");
        }
    }
}
