package dev.scimledger.gateway.provisioning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time of a request, to the millisecond: what meta.created / meta.lastModified show, and what the read model
 * (which keeps microseconds) returns unchanged on every later read.
 */
public final class RequestTime {

    private RequestTime() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
