package dev.scimledger.gateway;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * URLs as the client sees them, for Location and meta.location: from {@code scim.public-base-url} when it is set (a
 * client's Host header then changes nothing), else from the request as received (X-Forwarded-* count only from a
 * trusted proxy, {@code SCIM_TRUSTED_PROXIES}).
 */
public final class ScimUrls {

    private ScimUrls() {
    }

    /** The SCIM base URL, e.g. {@code https://host/api/service/scim}. */
    public static String base(GatewayProperties properties) {
        if (!properties.publicBaseUrl().isEmpty()) {
            return properties.publicBaseUrl() + properties.basePath();
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(properties.basePath()).build().toUriString();
    }
}
