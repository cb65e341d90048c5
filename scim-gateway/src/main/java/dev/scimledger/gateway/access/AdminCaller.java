package dev.scimledger.gateway.access;

import java.util.Locale;

/**
 * Who holds the admin credential of a request: the admin token ({@code admin-api}, everything), a named API key of a
 * role ({@code api-key:<name>}), or the metrics credential (the Prometheus scrape and nothing else).
 */
public record AdminCaller(String name, Role role) {

    public static final String REQUEST_ATTRIBUTE = AdminCaller.class.getName();
    static final String PROMETHEUS = BearerAuthenticationFilter.ADMIN_PATH + "/actuator/prometheus";
    /** Verification only reads, though it is a POST (it may carry the checkpoints to verify against). */
    static final String CHAIN_VERIFY = BearerAuthenticationFilter.ADMIN_PATH + "/chain/verify";

    public enum Role {
        ADMIN, AUDITOR, METRICS;

        public String stored() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why this caller may not send {@code method} to {@code path}; null when it may. */
    String refusal(String method, String path) {
        boolean reading = method.equals("GET") || method.equals("HEAD");
        return switch (role) {
            case ADMIN -> null;
            case AUDITOR -> reading || (method.equals("POST") && path.equalsIgnoreCase(CHAIN_VERIFY)) ? null
                    : "an auditor's key reads; it may not change anything";
            case METRICS -> reading && path.equalsIgnoreCase(PROMETHEUS) ? null
                    : "the metrics credential reads " + PROMETHEUS + " and nothing else";
        };
    }
}
