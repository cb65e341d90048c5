package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.GatewayProperties;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** URLs as the client sees them (behind a proxy too: X-Forwarded-* is honoured), for Location and meta.location. */
final class ScimUrls {

    private ScimUrls() {
    }

    /** The SCIM base URL of the current request, e.g. {@code https://host/api/service/scim}. */
    static String base(GatewayProperties properties) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(properties.basePath()).build().toUriString();
    }
}
