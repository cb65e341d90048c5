package dev.scimledger.projection.chain;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The operator's Ed25519 key that signs chain checkpoints, kept in a file outside the database
 * ({@code scim.chain.signing-key-file}; by default {@code $SCIM_DATA_DIR/chain-signing-key.pem}, generated on first
 * start). A database superuser who rewrites the chain cannot forge a checkpoint without it. The public key may be
 * pinned instead ({@code scim.chain.public-key-file}) on nodes that only verify.
 */
public final class ChainSigningKey {

    private static final Logger log = LoggerFactory.getLogger(ChainSigningKey.class);

    /** BouncyCastle's form of the private key: it signs in a twentieth of the JDK's time (same signatures). */
    private final Ed25519PrivateKeyParameters privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private ChainSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = new Ed25519PrivateKeyParameters(((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("the Ed25519 private key has no seed")), 0);
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
    }

    /** Loads the private key from {@code file}, generating it (readable by the owner only) when there is none. */
    public static ChainSigningKey load(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"),
                        pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                try {
                    Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX permissions: the directory's protection is what there is
                }
                Files.writeString(publicFile(file), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.move(written, file);
                ChainSigningKey key = new ChainSigningKey(pair.getPrivate(), pair.getPublic());
                log.info("Generated the chain signing key {} (key id {}); keep a copy of it, and of its public key "
                        + "(GET /admin/chain/public-key), outside this machine", file, key.keyId());
                return key;
            }
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(file))));
            // the JDK cannot derive an Ed25519 public key from the private one: it is kept beside it
            Path publicFile = publicFile(file);
            if (!Files.exists(publicFile)) {
                throw new IllegalStateException("the chain signing key " + file + " has no public key beside it ("
                        + publicFile + ")");
            }
            return new ChainSigningKey(privateKey, publicKey(Files.readString(publicFile)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or create the chain signing key " + file, e);
        }
    }

    private static Path publicFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem)));
    }

    /** The Ed25519 signature (RFC 8032) of the message's UTF-8 bytes, base64. Safe to call from several threads. */
    public String sign(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, bytes, 0, bytes.length, signature, 0);
        return Base64.getEncoder().encodeToString(signature);
    }

    public boolean verifies(String message, String signatureText) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureText));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }
}
