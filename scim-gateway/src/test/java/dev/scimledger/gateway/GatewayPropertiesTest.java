package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's settings bind from Spring's sources with their defaults, and the defaults are the documented ones. */
class GatewayPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetSettingsTakeTheirDefaults() {
        context.run(c -> {
            GatewayProperties properties = c.getBean(GatewayProperties.class);
            assertThat(properties).isEqualTo(GatewayProperties.of("/api/service/scim", null, 100));
            assertThat(properties.admission().concurrentRequests()).isEqualTo(12);
            assertThat(properties.admission().maxWait()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.tokenCacheTime()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(properties.rateLimit().perSecond()).isEqualTo(500);
        });
    }

    @Test
    void settingsBindFromPropertiesAndTheEnvironmentsSpelling() {
        context.withPropertyValues("scim.admission.concurrent-requests=3", "SCIM_ADMISSION_MAX_WAIT=PT2S",
                        "scim.max-import-size=10MB", "scim.cursor.key=k", "scim.kafka.lag-metric-refresh=PT1M")
                .run(c -> {
                    GatewayProperties properties = c.getBean(GatewayProperties.class);
                    assertThat(properties.admission().concurrentRequests()).isEqualTo(3);
                    assertThat(properties.maxImportSize()).isEqualTo(DataSize.ofMegabytes(10));
                    assertThat(properties.cursor().key()).isEqualTo("k");
                    assertThat(properties.cursor().timeout()).isEqualTo(Duration.ofHours(1));
                    assertThat(properties.kafka().lagMetricRefresh()).isEqualTo(Duration.ofMinutes(1));
                });
    }
}
