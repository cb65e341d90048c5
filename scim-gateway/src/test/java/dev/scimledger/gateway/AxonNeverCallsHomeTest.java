package dev.scimledger.gateway;

import org.axonframework.updates.UpdateChecker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon 4's update checker contacts a host outside this machine at start-up. It must be off in every deployable:
 * its auto-configuration excluded and its switch set, in the shipped configuration (not only in tests).
 */
class AxonNeverCallsHomeTest extends RunningService {

    @Autowired
    ApplicationContext context;

    @Autowired
    Environment environment;

    @Test
    void noUpdateCheckerRunsInTheService() {
        assertThat(context.getBeanNamesForType(UpdateChecker.class)).isEmpty();
        assertThat(environment.getProperty("axon.update-check.disabled", Boolean.class)).isTrue();
    }

    @Test
    void shippedConfigurationExcludesTheChecker() {
        // Axon skips the checker by itself when it detects a test run, so the bean check above alone could pass with
        // a configuration that calls home in production; ServiceProcessTest also reads the log of the packaged jar.
        assertThat(environment.getProperty("spring.autoconfigure.exclude"))
                .contains("org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration");
    }
}
