package dev.scimledger.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The runnable service: the SCIM and admin HTTP edge, with the command and projection services' handlers
 * in-process by default (they arrive as auto-configurations from the runtime classpath).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScimGatewayApplication {

    public static void main(String[] args) {
        // Axon's update checker would call a host outside this machine. Its auto-configuration is excluded in
        // application.yml; this switch also covers any code path that builds one outside Spring.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(ScimGatewayApplication.class, args);
    }
}
