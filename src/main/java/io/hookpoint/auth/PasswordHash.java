package io.hookpoint.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash (PBKDF2-HMAC-SHA256), written as
 * {@code pbkdf2-sha256.ITERATIONS.SALT.HASH} with URL-safe Base64: no {@code :}, {@code ,} or
 * {@code $}, so it fits {@code HOOKPOINT_USERS} and a shell without quoting.
 *
 * @param iterations PBKDF2 iterations
 * @param salt       random salt
 * @param hash       derived key
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** Iterations of new hashes (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Hashes a password with a new random salt.
     *
     * @param password   the password
     * @param iterations PBKDF2 iterations
     * @return the hash
     */
    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * A hash no password matches, for logins that do not exist: checking a password against it runs the
     * same PBKDF2 as a real user's hash, but making it runs none (random bytes stand for the derived key,
     * which no password hashes to but with chance 2^-256), so a start does not pay a slow hash for it.
     *
     * @param iterations PBKDF2 iterations, those of the slowest real user
     * @return the stand-in hash
     */
    static PasswordHash decoy(int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /**
     * Reads the written form.
     *
     * @param encoded {@code pbkdf2-sha256.ITERATIONS.SALT.HASH}
     * @return the hash
     * @throws IllegalArgumentException when the form is wrong
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split("\\.");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("A password hash looks like " + PREFIX
                    + ".ITERATIONS.SALT.HASH; make one with 'java -jar hookpoint.jar hash-password'");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be positive");
            }
            Base64.Decoder b64 = Base64.getUrlDecoder();
            return new PasswordHash(iterations, b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed password hash: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a password, in time that does not depend on where it differs.
     *
     * @param password the password to check
     * @return true when it matches
     */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The written form. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + "." + iterations + "." + b64.encodeToString(salt) + "." + b64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * UTF-8 bytes of a password, for keyed digests.
     *
     * @param password the password
     * @return its bytes
     */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
