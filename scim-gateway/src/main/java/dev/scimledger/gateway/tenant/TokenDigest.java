package dev.scimledger.gateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Bearer tokens: a fixed prefix, 256 random bits and a checksum, shown once; only their SHA-256 digest is ever
 * stored or compared. The prefix lets secret scanners recognise a leaked token; the checksum (CRC-32 of prefix and
 * secret, 6 base-62 characters, as GitHub's tokens have) lets a typo or a made-up token be refused before the
 * database is asked.
 */
public final class TokenDigest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int SECRET_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;

    private TokenDigest() {
    }

    public static String newToken(String prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String body = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return body + checksum(body);
    }

    /** True when the token has the prefix, the length and a matching checksum; says nothing of its validity. */
    public static boolean wellFormed(String token, String prefix) {
        if (token == null || !token.startsWith(prefix)
                || token.length() != prefix.length() + SECRET_LENGTH + CHECKSUM_LENGTH) {
            return false;
        }
        String body = token.substring(0, token.length() - CHECKSUM_LENGTH);
        return MessageDigest.isEqual(checksum(body).getBytes(StandardCharsets.US_ASCII),
                token.substring(body.length()).getBytes(StandardCharsets.US_ASCII));
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    public static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares two digests in time independent of where they differ. */
    public static boolean sameDigest(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                b.getBytes(StandardCharsets.US_ASCII));
    }
}
