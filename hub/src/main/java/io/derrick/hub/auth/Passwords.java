package io.derrick.hub.auth;

import io.derrick.hub.platform.Secrets;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Password hashing with the JDK's PBKDF2-HMAC-SHA256, 600,000 iterations and a 16-byte random salt per password
 * (OWASP's 2023 figure). The stored form names the algorithm and the iterations,
 * {@code pbkdf2-sha256$600000$salt$hash}, so that a later release can raise them and rehash at the next sign-in.
 */
public final class Passwords {
    public static final int ITERATIONS = iterations();
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;
    private static final String ALGORITHM = "pbkdf2-sha256";
    /** verified against when the user does not exist, so that timing does not tell which usernames exist */
    private static final String DUMMY = hash("not a password of anyone's");

    private Passwords() {
    }

    /**
     * 600,000, unless the JVM runs with {@code -Dderrick.passwords.iterations=N}: the test suite's in-process hubs hash
     * and check a few hundred passwords, and at full cost that is half a minute of the build's CPU. Never set on a
     * hub that people sign in to; it says so in the log when it is.
     */
    private static int iterations() {
        Integer lowered = Integer.getInteger("derrick.passwords.iterations");
        if (lowered == null) {
            return 600_000;
        }
        org.slf4j.LoggerFactory.getLogger(Passwords.class).warn(
                "password hashing lowered to {} PBKDF2 iterations by -Dderrick.passwords.iterations: for tests only", lowered);
        return Math.max(1_000, lowered);
    }

    public static String hash(String password) {
        byte[] salt = Secrets.bytes(16);
        return ALGORITHM + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(pbkdf2(password, salt, ITERATIONS));
    }

    /** True when {@code password} matches {@code stored}; a null {@code stored} costs the same time and is false. */
    public static boolean verify(String password, String stored) {
        String[] parts = (stored == null ? DUMMY : stored).split("\\$");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), iterations);
        return MessageDigest.isEqual(expected, actual) && stored != null;
    }

    /** True when the stored hash was made with fewer iterations than today's. */
    public static boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(ALGORITHM) || Integer.parseInt(parts[1]) < ITERATIONS;
    }

    /** What is wrong with a new password, or an empty list. */
    public static List<String> problems(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            problems.add("at least " + MIN_LENGTH + " characters");
        } else if (password.length() > MAX_LENGTH) {
            problems.add("at most " + MAX_LENGTH + " characters");
        } else {
            if (username != null && password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
                problems.add("must not contain the username");
            }
            if (password.chars().distinct().count() < 5) {
                problems.add("at least 5 different characters");
            }
        }
        return problems;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        return Secrets.pbkdf2("PBKDF2WithHmacSHA256", password, salt, iterations, 256);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
