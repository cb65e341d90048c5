package dev.scimledger.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
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

    /** A worker listens nowhere: it says it runs, with what it does. */
    @EventListener
    void on(ApplicationReadyEvent event) {
        if (!"worker".equalsIgnoreCase(event.getApplicationContext().getEnvironment().getProperty(ServiceRole.ROLE, ""))) {
            return;
        }
        log.info("SCIM Ledger worker running: projections, Kafka publishing and chain sealing (listening on no port)");
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        if (event.getWebServer().getPort() < 0) {
            return; // a worker, or the command line: nothing listens
        }
        log.info("SCIM base URL: http://127.0.0.1:{}{}", event.getWebServer().getPort(), properties.basePath());
    }
}
