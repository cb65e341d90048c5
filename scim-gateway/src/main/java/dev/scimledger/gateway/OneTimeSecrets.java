package dev.scimledger.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Shows a secret made on first start (a generated admin token, the first console account's password) the one time
 * it can be shown: as a framed block on standard error, or, when logs are JSON lines ({@code SCIM_LOG_FORMAT}), as
 * one log line, so that whatever reads the output as JSON lines does not meet a block of text.
 */
public final class OneTimeSecrets {

    private static final Logger log = LoggerFactory.getLogger(OneTimeSecrets.class);

    private OneTimeSecrets() {
    }

    /**
     * @param what   what the secret is, e.g. {@code Generated admin token (shown once; only its digest is stored)}
     * @param secret the secret
     * @param hint   what to do instead next time
     */
    public static void show(Environment environment, String what, String secret, String hint) {
        String format = environment == null ? null : environment.getProperty("logging.structured.format.console");
        if (format != null && !format.isBlank()) {
            log.warn("{}: {} ({})", what, secret, hint);
            return;
        }
        System.err.println("""

                ==================================================================
                 %s:
                 %s
                 %s
                ==================================================================
                """.formatted(what, secret, hint));
    }
}
