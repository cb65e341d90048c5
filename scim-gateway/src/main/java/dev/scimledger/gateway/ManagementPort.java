package dev.scimledger.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code SCIM_MANAGEMENT_PORT} ({@code scim.management.port}): health, its liveness and readiness groups, metrics and
 * Prometheus move from {@code /admin/actuator} on the service's port to {@code /actuator} on a port of their own,
 * on every role, a worker (which otherwise listens nowhere) included. There they open to the read-only metrics
 * credential, never to the admin token ({@code ManagementPortAccess}); the probes need none.
 * {@code SCIM_MANAGEMENT_ADDRESS} binds it to one address.
 */
public class ManagementPort implements EnvironmentPostProcessor {

    static final String PORT = "scim.management.port";
    static final String ADDRESS = "scim.management.address";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String port = environment.getProperty(PORT, "").trim();
        if (port.isEmpty()) {
            return;
        }
        Map<String, Object> management = new HashMap<>();
        management.put("management.server.port", port);
        management.put("management.endpoints.web.base-path", "/actuator");
        String address = environment.getProperty(ADDRESS, "").trim();
        if (!address.isEmpty()) {
            management.put("management.server.address", address);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("scim-management-port", management));
    }
}
