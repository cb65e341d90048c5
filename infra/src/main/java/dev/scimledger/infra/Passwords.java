package dev.scimledger.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The embedded PostgreSQL's role passwords, in a properties file readable by its owner only: each made once (32
 * random bytes, base64url, so it needs no quoting in SQL) and written (atomically) before it is used.
 */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties values = new Properties();

    private Passwords(Path file) {
        this.file = file;
    }

    static Passwords load(Path file) throws IOException {
        Passwords passwords = new Passwords(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                passwords.values.load(in);
            }
        }
        return passwords;
    }

    synchronized String get(String role) {
        return values.getProperty(role);
    }

    synchronized String getOrCreate(String role) throws IOException {
        String existing = values.getProperty(role);
        if (existing != null) {
            return existing;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String made = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        values.setProperty(role, made);
        save();
        return made;
    }

    private void save() throws IOException {
        StringWriter text = new StringWriter();
        values.store(text, "passwords of the embedded PostgreSQL's roles (keep this file private)");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the data directory's own protection applies
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
