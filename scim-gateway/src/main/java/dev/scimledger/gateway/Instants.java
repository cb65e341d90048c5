package dev.scimledger.gateway;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Instants given as request parameters, for the admin API and the provisioning log alike. */
public final class Instants {

    private Instants() {
    }

    /** An ISO-8601 instant named {@code name}; anything else is a 400. */
    public static Instant required(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, name + " is an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, not " + value);
        }
    }

    /** As {@link #required}, but null or blank is no instant (null). */
    public static Instant optional(String name, String value) {
        return value == null || value.isBlank() ? null : required(name, value.strip());
    }
}
