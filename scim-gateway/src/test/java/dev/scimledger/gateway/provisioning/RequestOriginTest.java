package dev.scimledger.gateway.provisioning;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** What a request's origin keeps of what a client sent: never more than the audit trail's columns hold. */
class RequestOriginTest {

    @Test
    void anOverlongAddressOrUserAgentIsCutAndAnOverlongRequestIdReplaced() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("9".repeat(300)); // what a trusted proxy's X-Forwarded-For could make it
        request.addHeader("User-Agent", "a".repeat(2000));
        request.addHeader("X-Request-Id", "r".repeat(129));
        RequestOrigin origin = RequestOrigin.of(request);
        assertThat(origin.clientAddress()).isEqualTo("9".repeat(RequestOrigin.MAX_CLIENT_ADDRESS));
        assertThat(origin.userAgent()).hasSize(RequestOrigin.MAX_USER_AGENT);
        assertThat(origin.requestId()).hasSize(36).doesNotContain("r");
    }

    @Test
    void entrasClientRequestIdIsTheRequestIdWhenNoXRequestIdIsSent() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("client-request-id", "b7a0e2f5-entra");
        assertThat(RequestOrigin.of(request).requestId()).isEqualTo("b7a0e2f5-entra");
    }
}
