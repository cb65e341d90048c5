package dev.scimledger.gateway.console;

import dev.scimledger.gateway.admin.AdminActor;
import dev.scimledger.gateway.operator.Operators;
import dev.scimledger.scim.ScimException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import dev.scimledger.gateway.OneTimeSecrets;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.List;

/**
 * The console's sign-in reads its accounts here ({@code console_account}, kept by the operator commands: see
 * {@link Operators}): a name, a role, and a password of which only an Argon2id hash is kept. The first account,
 * {@code admin}, is made on the first start when there is none ({@link #ensureFirstAccount}).
 */
public class ConsoleAccounts implements UserDetailsService {

    static final String FIRST_ACCOUNT = "admin";

    private final JdbcTemplate jdbc;
    private final Environment environment;
    private final Operators operators;
    private final String initialPassword;

    ConsoleAccounts(JdbcTemplate jdbc, Operators operators, String initialPassword, Environment environment) {
        this.environment = environment;
        this.jdbc = jdbc;
        this.operators = operators;
        this.initialPassword = initialPassword;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query("SELECT username, password_hash, role, disabled FROM console_account "
                        + "WHERE username = ?", (rs, n) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .roles(ConsoleRole.ofStored(rs.getString("role")).name())
                        .disabled(rs.getBoolean("disabled"))
                        .build(),
                Operators.normalised(username));
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no such console account");
        }
        return found.get(0);
    }

    /** Whether a signed-in account may go on: it still exists and is not disabled. */
    boolean signInAllowed(String username) {
        return Boolean.TRUE.equals(jdbc.query("SELECT NOT disabled FROM console_account WHERE username = ?",
                (rs, n) -> rs.getBoolean(1), username).stream().findFirst().orElse(false));
    }

    /**
     * Makes the first account, {@code admin}, when there is no account at all: with the configured initial password
     * when there is one, else with a generated one printed once on standard error (like the admin token). Once the
     * application is ready, since it is a command. Instances starting together make it once: the others find it there.
     */
    @EventListener(ApplicationReadyEvent.class)
    void ensureFirstAccount() {
        if (operators.anyAccount()) {
            return;
        }
        boolean configured = initialPassword != null && !initialPassword.isBlank();
        Operators.NewPassword made;
        try {
            made = configured
                    ? operators.createAccount(FIRST_ACCOUNT, ConsoleRole.ADMIN.stored(), initialPassword,
                    AdminActor.system("first-start"))
                    : operators.createAccount(FIRST_ACCOUNT, ConsoleRole.ADMIN.stored(), AdminActor.system("first-start"));
        } catch (ScimException madeByAnother) {
            if (madeByAnother.status() == 409) {
                return;
            }
            throw madeByAnother;
        }
        if (!configured) {
            OneTimeSecrets.show(environment, "Console (/console): the first account is \"" + FIRST_ACCOUNT
                    + "\", password (shown once)", made.password(), "Sign in and make an account of your own; or set "
                    + "SCIM_CONSOLE_INITIAL_ADMIN_PASSWORD before the first start.");
        }
    }
}
