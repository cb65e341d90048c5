package dev.scimledger.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Locale;
import java.util.Map;

/**
 * What this process does, by configuration ({@code scim.role}, {@code SCIM_ROLE}):
 * <ul>
 *   <li>{@code all} (the default): the SCIM gateway with command handling, and the projection workers;</li>
 *   <li>{@code gateway}: the HTTP edge, command and query handling, and the SCIM read model, which is written in
 *       each command's transaction; no tracking processors and no chain sealing (the workers keep the audit trail,
 *       the chain and Kafka);</li>
 *   <li>{@code worker}: the projections' tracking processors, the chain sealer and checkpoints, the Kafka publisher;
 *       it listens on no port.</li>
 * </ul>
 * Several of each run against one PostgreSQL and one Kafka cluster; the processors share their segments through
 * the token store. Settings given explicitly win over what the role implies.
 */
public class ServiceRole implements EnvironmentPostProcessor {

    static final String ROLE = "scim.role";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String role = environment.getProperty(ROLE, "all").trim().toLowerCase(Locale.ROOT);
        switch (role) {
            case "all" -> {
            }
            // last: anything set explicitly (environment, arguments, application.yml) comes first
            case "gateway" -> environment.getPropertySources().addLast(new MapPropertySource("scim-role-gateway",
                    Map.of("scim.projections.enabled", "false", "scim.chain.sealing.enabled", "false")));
            // first: a worker never listens, whatever port application.yml names (the web beans are built, as on the
            // command line, because the admin operations share them)
            case "worker" -> environment.getPropertySources().addFirst(new MapPropertySource("scim-role-worker",
                    Map.of("server.port", "-1")));
            default -> throw new IllegalArgumentException(ROLE + " (SCIM_ROLE) is all, gateway or worker, not " + role);
        }
    }
}
