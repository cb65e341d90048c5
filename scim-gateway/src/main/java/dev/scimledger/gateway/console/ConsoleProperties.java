package dev.scimledger.gateway.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The console's settings ({@code scim.console.*}).
 *
 * @param initialAdminPassword the password of the first account, {@code admin}, made on the first start when there is
 *                             no account at all ({@code SCIM_CONSOLE_INITIAL_ADMIN_PASSWORD}); empty: one is generated
 *                             and printed once
 * @param failedSignIns        wrong passwords in a row, for one account or from one address, after which further
 *                             sign-ins are refused without a password check until {@code throttleTime} has passed
 * @param throttleTime         how long such a throttle lasts
 */
@ConfigurationProperties("scim.console")
public record ConsoleProperties(@DefaultValue("") String initialAdminPassword,
                                @DefaultValue("5") int failedSignIns,
                                @DefaultValue("PT1M") Duration throttleTime) {
}
