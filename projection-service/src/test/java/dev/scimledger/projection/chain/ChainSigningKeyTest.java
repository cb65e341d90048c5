package dev.scimledger.projection.chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing is BouncyCastle's (twenty times faster here); what it signs must be exactly what the JDK's Ed25519 signs
 * with the same key file (Ed25519 is deterministic, RFC 8032), and verify with the published public key, so
 * consumers and checkpoints made before the change are unaffected.
 */
class ChainSigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void signaturesAreTheJdksOwnAndVerifyWithThePublicKey() throws Exception {
        Path file = dir.resolve("chain-signing-key.pem");
        ChainSigningKey generated = ChainSigningKey.load(file);
        ChainSigningKey reloaded = ChainSigningKey.load(file);
        var jdkPrivate = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(Files.readString(file).replaceAll("-----[A-Z ]+-----", "").trim())));
        var publicKey = ChainSigningKey.publicKey(generated.publicKeyPem());
        for (String message : new String[]{"", "a", "eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiIxIn0", "ü€𝄞".repeat(1000)}) {
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(jdkPrivate);
            jdk.update(message.getBytes(StandardCharsets.UTF_8));
            byte[] expected = jdk.sign();
            assertArrayEquals(expected, Base64.getDecoder().decode(generated.sign(message)), message);
            assertArrayEquals(expected, Base64.getDecoder().decode(reloaded.sign(message)), message);

            Signature verify = Signature.getInstance("Ed25519");
            verify.initVerify(publicKey);
            verify.update(message.getBytes(StandardCharsets.UTF_8));
            assertTrue(verify.verify(expected));
            assertTrue(generated.verifies(message, generated.sign(message)));
            assertFalse(generated.verifies(message + "x", generated.sign(message)));
        }
    }
}
