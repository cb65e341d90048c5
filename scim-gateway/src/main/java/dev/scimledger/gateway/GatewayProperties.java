package dev.scimledger.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param basePath   where SCIM is served ({@code /api/service/scim})
 * @param adminToken the admin API's bearer token ({@code SCIM_ADMIN_TOKEN}); when blank, one is generated on first
 *                   start, printed once, and only its digest kept
 * @param defaultPageSize the page a list request returns when it names no count (cut to the tenant's maxResults)
 */
@ConfigurationProperties("scim")
public record GatewayProperties(@DefaultValue("/api/service/scim") String basePath,
                                String adminToken,
                                @DefaultValue("100") int defaultPageSize) {
}
