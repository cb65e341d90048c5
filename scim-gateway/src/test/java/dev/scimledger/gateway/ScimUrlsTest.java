package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimUrlsTest {

    private static GatewayProperties withPublicBaseUrl(String url) {
        GatewayProperties d = GatewayProperties.of("/api/service/scim", null, 100);
        return new GatewayProperties(d.basePath(), url, d.adminToken(), d.defaultPageSize(), d.maxRequestSize(),
                d.maxImportSize(), d.searchTimeout(), d.tokenCacheTime(), d.admission(), d.cursor(), d.rateLimit(),
                d.kafka());
    }

    @Test
    void aConfiguredPublicBaseUrlWinsOverTheRequestsHost() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/service/scim/Users");
        request.setServerName("evil.example");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            assertThat(ScimUrls.base(withPublicBaseUrl("https://scim.example.com/")))
                    .isEqualTo("https://scim.example.com/api/service/scim");
            assertThat(ScimUrls.base(withPublicBaseUrl(""))).isEqualTo("http://evil.example/api/service/scim");
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    void aPublicBaseUrlThatIsNoUrlIsRefusedAtStart() {
        for (String wrong : new String[]{"scim.example.com", "ftp://scim.example.com", "https://", "https://a?b=c"}) {
            assertThatThrownBy(() -> withPublicBaseUrl(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCIM_PUBLIC_BASE_URL");
        }
    }
}
