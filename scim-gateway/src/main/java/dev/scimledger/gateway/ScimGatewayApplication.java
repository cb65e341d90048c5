package dev.scimledger.gateway;

import dev.scimledger.gateway.admin.AdminCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

/**
 * The runnable service: the SCIM and admin HTTP edge, with the command and projection services' handlers
 * in-process by default (they arrive as auto-configurations from the runtime classpath). With {@code admin ...} as its
 * arguments it runs one admin operation instead ({@link AdminCommandLine}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScimGatewayApplication {

    public static void main(String[] args) {
        // Axon's update checker would call a host outside this machine. Its auto-configuration is excluded in
        // application.yml; this switch also covers any code path that builds one outside Spring.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommandLine.run(ScimGatewayApplication.class, Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(ScimGatewayApplication.class, args);
    }
}
