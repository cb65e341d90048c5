package dev.scimledger.gateway;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon logs and skips an event whose handler throws unless told otherwise. Every tracking projection here propagates
 * the error instead, so its processor retries that same event (with back-off) until it succeeds: no event is skipped.
 * (The SCIM read model is written inline, where a failure fails the command itself: {@link InlineReadModelTest}.)
 */
class ProjectionErrorsAreRetriedTest extends RunningService {

    @Autowired
    EventProcessingConfiguration processing;

    @ParameterizedTest
    @ValueSource(strings = {"audit-trail", "kafka-publisher", "event-chain"})
    void handlerErrorsPropagateToTheProcessor(String processingGroup) {
        assertThat(processing.eventProcessorByProcessingGroup(processingGroup, TrackingEventProcessor.class)).isPresent();
        assertThat(processing.listenerInvocationErrorHandler(processingGroup)).isInstanceOf(PropagatingErrorHandler.class);
    }
}
