package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most N SCIM requests are worked on at once; the others wait their turn and go on when one ends; only a request
 * that has waited the whole bound is answered 503 with Retry-After. Other paths are not counted.
 */
class AdmissionFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AdmissionFilter filter(int permits, Duration maxWait) {
        return new AdmissionFilter(GatewayProperties.of("/api/service/scim", null, 100), JSON, permits, maxWait,
                new DefaultListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    private static MockHttpServletRequest scim() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/service/scim/Users");
        request.setServletPath("/api/service/scim/Users");
        return request;
    }

    /** Runs {@code request} through the filter to {@code handling} on another thread; completes with its status. */
    private static CompletableFuture<Integer> async(AdmissionFilter filter, MockHttpServletRequest request,
                                                    FilterChain handling) {
        return CompletableFuture.supplyAsync(() -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            try {
                filter.doFilter(request, response, handling);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return response.getStatus();
        });
    }

    /** Runs a SCIM request whose handling blocks until {@code release}; completes with its status. */
    private static CompletableFuture<Integer> blocked(AdmissionFilter filter, CountDownLatch entered, CountDownLatch release) {
        return async(filter, scim(), (req, res) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aRequestBeyondTheBoundWaitsItsTurnAndGoesOn() throws Exception {
        AdmissionFilter filter = filter(1, Duration.ofSeconds(5));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = blocked(filter, entered, release);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        AtomicInteger handled = new AtomicInteger();
        CompletableFuture<Integer> second = async(filter, scim(), (req, res) -> handled.incrementAndGet());
        Thread.sleep(200);
        assertThat(handled).as("waiting while the first is worked on").hasValue(0);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(handled).hasValue(1);
    }

    @Test
    void onlyARequestThatWaitedTheWholeBoundIsRefusedWithRetryAfter() throws Exception {
        AdmissionFilter filter = filter(1, Duration.ofMillis(300));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = blocked(filter, entered, release);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            MockHttpServletResponse refused = new MockHttpServletResponse();
            long started = System.nanoTime();
            filter.doFilter(scim(), refused, (FilterChain) (req, res) -> {
                throw new AssertionError("must not be handled");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
            assertThat(JSON.readTree(refused.getContentAsString()).path("detail").asText())
                    .isEqualTo(AdmissionFilter.AT_CAPACITY);
            assertThat(refused.getContentType()).startsWith("application/scim+json");
        } finally {
            release.countDown();
        }
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        // the permit is back: the next one goes straight through
        MockHttpServletResponse next = new MockHttpServletResponse();
        filter.doFilter(scim(), next, (FilterChain) (req, res) -> { });
        assertThat(next.getStatus()).isEqualTo(200);
    }

    @Test
    void otherPathsAreNotCounted() throws Exception {
        AdmissionFilter filter = filter(1, Duration.ofMillis(100));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = blocked(filter, entered, release);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            MockHttpServletRequest admin = new MockHttpServletRequest("GET", "/admin/tenants");
            admin.setServletPath("/admin/tenants");
            AtomicInteger handled = new AtomicInteger();
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(admin, response, (FilterChain) (req, res) -> handled.incrementAndGet());
            assertThat(handled).hasValue(1);
            assertThat(response.getStatus()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        first.get(5, TimeUnit.SECONDS);
    }
}
