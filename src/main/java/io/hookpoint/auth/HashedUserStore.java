package io.hookpoint.auth;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.security.providers.httpauth.SecureUserStore;

/**
 * The users allowed in, with salted PBKDF2 hashes instead of the plain-text passwords of Helidon's
 * built-in store.
 *
 * <p>A slow hash on every request would cap the endpoint at a few hundred requests per second, so a
 * verified password is remembered, per user, as an HMAC under a key that lives only in this process;
 * later requests with the same password cost one HMAC. Failed attempts are remembered the same way
 * (bounded), so a webhook configured with a wrong password does not burn a slow hash per request.
 * An unknown login gets a stand-in user that runs the same slow hash and always fails: known and
 * unknown users take the same time to reject.
 */
public final class HashedUserStore implements SecureUserStore {
    private static final int MAX_REMEMBERED_FAILURES = 10_000;

    private final Map<String, PasswordHash> users;
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final PasswordHash decoy;
    private final byte[] processKey = new byte[32];
    // initialised once with the process key; each check works on a clone
    private final Mac keyedMac;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failures = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_REMEMBERED_FAILURES;
                }
            });

    /**
     * The configured users ({@code HOOKPOINT_USERS}), or else the development user in the data directory
     * (made on first use, its password printed once).
     *
     * @param settings      the authentication settings
     * @param dataDirectory where the development user lives
     * @param console       where the development user's password is printed
     * @return the user store
     */
    public static HashedUserStore of(AuthSettings settings, Path dataDirectory, PrintStream console) {
        HashedUserStore store = new HashedUserStore(settings.users()
                .map(UserEntries::parse)
                .orElseGet(() -> DevelopmentUser.ensure(dataDirectory, console)));
        settings.users().map(UserEntries::roles).ifPresent(store.roles::putAll);
        return store;
    }

    /**
     * A user's role.
     *
     * @param login an authenticated login
     * @return its role; {@link Role#SENDER} unless its entry says {@code admin}
     */
    public Role role(String login) {
        return roles.getOrDefault(login, Role.SENDER);
    }

    /**
     * Creates the store.
     *
     * @param users login -> password hash
     */
    public HashedUserStore(Map<String, PasswordHash> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("At least one user is needed");
        }
        this.users = Map.copyOf(users);
        new SecureRandom().nextBytes(processKey);
        this.keyedMac = keyedMac(processKey);
        int iterations = users.values().stream().mapToInt(PasswordHash::iterations).max().orElseThrow();
        this.decoy = PasswordHash.create("decoy-password-never-matches".toCharArray(), iterations);
    }

    @Override
    public Optional<User> user(String login) {
        PasswordHash hash = users.get(login);
        // always a user: an early "no such user" would be faster than a wrong password
        return Optional.of(new StoredUser(login, hash));
    }

    private boolean verify(String login, PasswordHash hash, char[] password) {
        byte[] passwordBytes = PasswordHash.utf8(password);
        byte[] digest = hmac(login, passwordBytes);
        Arrays.fill(passwordBytes, (byte) 0);
        if (hash != null) {
            byte[] known = verified.get(login);
            if (known != null && MessageDigest.isEqual(known, digest)) {
                return true;
            }
        }
        String failureKey = HexFormat.of().formatHex(digest);
        if (failures.containsKey(failureKey)) {
            return false;
        }
        boolean ok;
        if (hash == null) {
            decoy.matches(password);
            ok = false;
        } else {
            ok = hash.matches(password);
        }
        if (ok) {
            verified.put(login, digest);
        } else {
            failures.put(failureKey, Boolean.TRUE);
        }
        return ok;
    }

    /**
     * A digest of a credential under this process's key, to remember it without keeping it.
     *
     * @param credential the credential (an Authorization header value)
     * @return hex HMAC-SHA256
     */
    String digest(String credential) {
        return HexFormat.of().formatHex(hmac("", credential.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] hmac(String login, byte[] password) {
        try {
            Mac mac = (Mac) keyedMac.clone();
            mac.update(login.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of the JDK can be cloned", e);
        }
    }

    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private final class StoredUser implements User {
        private final String login;
        private final PasswordHash hash;

        private StoredUser(String login, PasswordHash hash) {
            this.login = login;
            this.hash = hash;
        }

        @Override
        public String login() {
            return login;
        }

        @Override
        public boolean isPasswordValid(char[] password) {
            return verify(login, hash, password);
        }
    }
}
