package dev.scimledger.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the operator where SCIM clients should point. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);
    private final GatewayProperties properties;

    StartupBanner(GatewayProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        log.info("SCIM base URL: http://127.0.0.1:{}{}", event.getWebServer().getPort(), properties.basePath());
    }
}
