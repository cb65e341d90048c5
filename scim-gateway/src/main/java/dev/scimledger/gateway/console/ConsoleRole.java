package dev.scimledger.gateway.console;

import java.util.Locale;

/**
 * What a console account may do: an admin everything; an auditor read only (the audit trail, history, chain
 * verification, the provisioning log, exports), never issuing, rotating or revoking tokens, erasing, or changing
 * tenants.
 */
public enum ConsoleRole {
    ADMIN, AUDITOR;

    /** As stored: {@code admin}, {@code auditor}. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsoleRole ofStored(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
