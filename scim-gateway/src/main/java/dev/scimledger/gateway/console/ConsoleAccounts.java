package dev.scimledger.gateway.console;

import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The console's accounts ({@code console_account}): a name, a role, and a password of which only an Argon2id hash is
 * kept. A new account's password is generated and shown once to whoever made it, like a SCIM token; the first account,
 * {@code admin}, is made on the first start when there is none ({@link #ensureFirstAccount}).
 */
public class ConsoleAccounts implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAccounts.class);
    /** Lower case; at most 56 characters, so that {@code console:<name>} fits the audit trail's actor column. */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,55}");
    static final String FIRST_ACCOUNT = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;

    ConsoleAccounts(JdbcTemplate jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    public record Account(String username, ConsoleRole role, Instant created, String createdBy, boolean disabled) {
    }

    /** An account just made, with its password: the one time it is shown. */
    public record CreatedAccount(Account account, String password) {
        @Override
        public String toString() {
            return "CreatedAccount[" + account + "]"; // never the password
        }
    }

    private static final RowMapper<Account> ROW = (rs, n) -> new Account(rs.getString("username"),
            ConsoleRole.ofStored(rs.getString("role")), rs.getTimestamp("created").toInstant(),
            rs.getString("created_by"), rs.getBoolean("disabled"));

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query("SELECT username, password_hash, role, disabled FROM console_account "
                        + "WHERE username = ?", (rs, n) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .roles(ConsoleRole.ofStored(rs.getString("role")).name())
                        .disabled(rs.getBoolean("disabled"))
                        .build(),
                normalised(username));
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no such console account");
        }
        return found.get(0);
    }

    public List<Account> list() {
        return jdbc.query("SELECT * FROM console_account ORDER BY username", ROW);
    }

    /**
     * A new account with a generated password.
     *
     * @throws ScimException 400 for a name that is not one, 409 for a name taken
     */
    public CreatedAccount create(String username, ConsoleRole role, String createdBy) {
        String name = normalised(username);
        if (!USERNAME.matcher(name).matches()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "an account name is 1 to 56 characters: lower-case "
                    + "letters, digits and . _ @ -, starting with a letter or digit");
        }
        String password = newPassword();
        try {
            insert(name, password, role, createdBy);
        } catch (DuplicateKeyException taken) {
            throw ScimException.conflict(ScimErrorType.UNIQUENESS, "there is already an account " + name);
        }
        log.info("console account {} ({}) created by {}", name, role.stored(), createdBy);
        return new CreatedAccount(new Account(name, role, Instant.now(), createdBy, false), password);
    }

    /** @throws DuplicateKeyException when the name is taken */
    private void insert(String name, String password, ConsoleRole role, String createdBy) {
        int inserted = jdbc.update("INSERT INTO console_account (username, password_hash, role, created, created_by) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                name, passwords.encode(password), role.stored(), Timestamp.from(Instant.now()), createdBy);
        if (inserted == 0) {
            throw new DuplicateKeyException("console account " + name + " exists");
        }
    }

    /**
     * Makes the first account, {@code admin}, when there is no account at all: with {@code initialPassword} when one is
     * configured, else with a generated one printed once on standard error (like the admin token). Instances starting
     * together make it once: the others find it there.
     */
    void ensureFirstAccount(String initialPassword) {
        Integer accounts = jdbc.queryForObject("SELECT count(*) FROM console_account", Integer.class);
        if (accounts != null && accounts > 0) {
            return;
        }
        boolean configured = initialPassword != null && !initialPassword.isBlank();
        String password = configured ? initialPassword : newPassword();
        try {
            insert(FIRST_ACCOUNT, password, ConsoleRole.ADMIN, "first start");
        } catch (DuplicateKeyException madeByAnother) {
            return;
        }
        if (!configured) {
            System.err.println("""

                    ==================================================================
                     Console (/console): the first account is "%s", password (shown once):
                     %s
                     Sign in and make an account of your own; or set
                     SCIM_CONSOLE_INITIAL_ADMIN_PASSWORD before the first start.
                    ==================================================================
                    """.formatted(FIRST_ACCOUNT, password));
        }
    }

    static String normalised(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** 24 characters of an alphabet without look-alikes (0/O, 1/l/I): about 139 bits. */
    static String newPassword() {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
