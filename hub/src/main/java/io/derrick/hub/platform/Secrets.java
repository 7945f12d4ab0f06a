package io.derrick.hub.platform;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The hub's one SecureRandom, SHA-256 and PBKDF2: the users' passwords (auth), sessions and API tokens (auth), the
 * edge nodes' broker credentials (fleet). Secrets are stored only as these hashes.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A 256-bit random secret, base64url. */
    public static String random() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    /** {@code n} random bytes (a salt). */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static byte[] sha256(String secret) {
        return sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** PBKDF2 with the JDK's {@code algorithm} (PBKDF2WithHmacSHA256, PBKDF2WithHmacSHA512), {@code bits} long. */
    public static byte[] pbkdf2(String algorithm, String password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
