package dev.scimledger.gateway.operator;

import dev.scimledger.gateway.access.AdminApiKeys;
import dev.scimledger.gateway.admin.AdminActor;
import dev.scimledger.gateway.provisioning.CommandSender;
import dev.scimledger.gateway.tenant.TokenDigest;
import dev.scimledger.messages.operator.ChangeConsolePasswordCommand;
import dev.scimledger.messages.operator.CreateConsoleAccountCommand;
import dev.scimledger.messages.operator.DisableConsoleAccountCommand;
import dev.scimledger.messages.operator.EnableConsoleAccountCommand;
import dev.scimledger.messages.operator.IssueAdminApiKeyCommand;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.operator.RevokeAdminApiKeyCommand;
import dev.scimledger.messages.operator.RotateAdminApiKeyCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Every action on console accounts and admin API keys, as commands to the operator directory (so each is an event
 * in the log with the named person as its actor, in the audit trail and the chain), and what the pages and the
 * command line read of them. Secrets are made here: a password or a key is shown once to whoever made it, and only
 * its Argon2id hash or SHA-256 digest leaves this class, in the command.
 */
@Component
public class Operators {

    private static final Logger log = LoggerFactory.getLogger(Operators.class);
    /** A password an account's holder chooses: at least this long (NIST SP 800-63B asks for 8; an admin's, more). */
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandSender sender;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final AdminApiKeys keys;

    Operators(CommandSender sender, JdbcTemplate jdbc, PasswordEncoder passwords, AdminApiKeys keys) {
        this.sender = sender;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.keys = keys;
    }

    public record Account(String username, String role, Instant created, String createdBy, boolean disabled) {
    }

    /** An account with a password just made for it: the one time the password is shown. */
    public record NewPassword(Account account, String password) {
        @Override
        public String toString() {
            return "NewPassword[" + account + "]"; // never the password
        }
    }

    private static final RowMapper<Account> ROW = (rs, n) -> new Account(rs.getString("username"),
            rs.getString("role"), rs.getTimestamp("created").toInstant(), rs.getString("created_by"),
            rs.getBoolean("disabled"));

    public List<Account> accounts() {
        return jdbc.query("SELECT * FROM console_account ORDER BY username", ROW);
    }

    public Optional<Account> account(String username) {
        return jdbc.query("SELECT * FROM console_account WHERE username = ?", ROW, normalised(username)).stream()
                .findFirst();
    }

    public boolean anyAccount() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM console_account)", Boolean.class));
    }

    /** A new account with a generated password. 400 for a name or role that is not one, 409 for a name taken. */
    public NewPassword createAccount(String username, String role, AdminActor actor) {
        return createAccount(username, role, newPassword(), actor);
    }

    /** A new account with the password given (the first account's, when configured). */
    public NewPassword createAccount(String username, String role, String password, AdminActor actor) {
        String name = normalised(username);
        send(new CreateConsoleAccountCommand(name, role, passwords.encode(password), actor.name(), Instant.now()),
                actor);
        log.info("console account {} ({}) created by {}", name, role, actor.name());
        return new NewPassword(account(name).orElseThrow(), password);
    }

    /** An admin gives an account a new generated password, shown once; the old one no longer signs in. */
    public NewPassword resetPassword(String username, AdminActor actor) {
        String name = normalised(username);
        String password = newPassword();
        send(new ChangeConsolePasswordCommand(name, passwords.encode(password), actor.name(), Instant.now()), actor);
        return new NewPassword(account(name).orElseThrow(), password);
    }

    /** Whether {@code password} is the account's (one Argon2id hash: tens of milliseconds). */
    private boolean passwordMatches(String username, String password) {
        String hash = jdbc.query("SELECT password_hash FROM console_account WHERE username = ?",
                (rs, n) -> rs.getString(1), normalised(username)).stream().findFirst().orElse(null);
        return hash != null && password != null && passwords.matches(password, hash);
    }

    /**
     * The holder of an account chooses a new password, giving the current one; {@code wrongPassword} runs when the
     * current one is not right (the console counts it against the sign-in throttle), before the refusal.
     */
    public void changeOwnPassword(String username, String current, String chosen, AdminActor actor,
                                  Runnable wrongPassword) {
        String name = normalised(username);
        if (!passwordMatches(name, current)) {
            wrongPassword.run();
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "the current password is not right");
        }
        if (chosen == null || chosen.length() < MIN_PASSWORD || chosen.length() > MAX_PASSWORD) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a password is " + MIN_PASSWORD + " to "
                    + MAX_PASSWORD + " characters");
        }
        if (chosen.equals(current)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "the new password is the current one");
        }
        send(new ChangeConsolePasswordCommand(name, passwords.encode(chosen), actor.name(), Instant.now()), actor);
    }

    public void disable(String username, AdminActor actor) {
        send(new DisableConsoleAccountCommand(normalised(username), actor.name(), Instant.now()), actor);
    }

    public void enable(String username, AdminActor actor) {
        send(new EnableConsoleAccountCommand(normalised(username), actor.name(), Instant.now()), actor);
    }

    public List<AdminApiKeys.ApiKey> keys() {
        return keys.list();
    }

    public Optional<AdminApiKeys.ApiKey> key(String keyId) {
        return keys.find(keyId);
    }

    /** A new admin API key of a role, shown once. 400 for a name or role that is not one, 409 for a name taken. */
    public AdminApiKeys.IssuedKey issueKey(String name, String role, AdminActor actor) {
        String key = TokenDigest.newToken(AdminApiKeys.PREFIX);
        String id = UUID.randomUUID().toString();
        send(new IssueAdminApiKeyCommand(id, name == null ? null : name.strip().toLowerCase(Locale.ROOT), role,
                TokenDigest.digest(key), actor.name(), Instant.now()), actor);
        return new AdminApiKeys.IssuedKey(key, keys.find(id).orElseThrow());
    }

    /** A new secret for the key, shown once; the old one is refused from now on. */
    public AdminApiKeys.IssuedKey rotateKey(String keyId, AdminActor actor) {
        String key = TokenDigest.newToken(AdminApiKeys.PREFIX);
        send(new RotateAdminApiKeyCommand(keyId, TokenDigest.digest(key), actor.name(), Instant.now()), actor);
        return new AdminApiKeys.IssuedKey(key, keys.find(keyId).orElseThrow());
    }

    public void revokeKey(String keyId, AdminActor actor) {
        send(new RevokeAdminApiKeyCommand(keyId, actor.name(), Instant.now()), actor);
    }

    private void send(Object command, AdminActor actor) {
        sender.change(command, actor.metadata(OperatorEvent.TENANT));
    }

    public static String normalised(String username) {
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
