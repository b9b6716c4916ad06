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
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>The users can be replaced while serving ({@link #replace}, from {@link UsersFile}): a removed user's or
 * a changed password's remembered verification is forgotten at once, and {@link #generation()} changes, so
 * that caches of accepted credentials built on this store ({@link BasicAuthentication}) drop theirs.
 */
public final class HashedUserStore implements SecureUserStore {
    private static final int MAX_REMEMBERED_FAILURES = 10_000;

    private volatile Table table;
    private final AtomicLong generation = new AtomicLong();
    private final byte[] processKey = new byte[32];
    // initialised once with the process key; each check works on a clone
    private final Mac keyedMac;
    // login -> the hash a password was verified against and that password's keyed digest: an entry counts
    // only while the login still has that very hash, so a replace can never leave a stale password valid
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
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
        if (settings.usersFile().isPresent()) {
            if (settings.users().isPresent()) {
                throw new IllegalArgumentException("hookpoint.users.file and hookpoint.users are both set: use one"
                        + " (HOOKPOINT_USERS_FILE to rotate passwords without a restart)");
            }
            return new HashedUserStore(UsersFile.read(settings.usersFile().get()));
        }
        return new HashedUserStore(settings.users()
                .map(UserEntries::users)
                .orElseGet(() -> new UserEntries.Users(DevelopmentUser.ensure(dataDirectory, console), Map.of())));
    }

    /**
     * A user's role.
     *
     * @param login an authenticated login
     * @return its role; {@link Role#SENDER} unless its entry says {@code admin}
     */
    public Role role(String login) {
        return table.users().roles().getOrDefault(login, Role.SENDER);
    }

    /**
     * Creates the store.
     *
     * @param users login -> password hash (all senders)
     */
    public HashedUserStore(Map<String, PasswordHash> users) {
        this(new UserEntries.Users(users, Map.of()));
    }

    /**
     * Creates the store.
     *
     * @param users the users and their roles
     */
    public HashedUserStore(UserEntries.Users users) {
        new SecureRandom().nextBytes(processKey);
        this.keyedMac = keyedMac(processKey);
        this.table = Table.of(users, null);
    }

    /**
     * Replaces the users while serving: requests from now on are checked against the new list; what was
     * remembered of a removed user, or of a user whose hash changed, is forgotten at once, and so are the
     * remembered failures (a password that was wrong may be right now).
     *
     * @param users the new users
     * @throws IllegalArgumentException when the list is empty (the old users stay)
     */
    public void replace(UserEntries.Users users) {
        Table current = table;
        // an unchanged user keeps its hash object, and with it its remembered verification
        Map<String, PasswordHash> hashes = new LinkedHashMap<>();
        users.hashes().forEach((login, hash) -> {
            PasswordHash old = current.users().hashes().get(login);
            hashes.put(login, old != null && old.encoded().equals(hash.encoded()) ? old : hash);
        });
        Table next = Table.of(new UserEntries.Users(hashes, users.roles()), current.decoy());
        table = next;
        generation.incrementAndGet();
        verified.entrySet().removeIf(entry -> next.users().hashes().get(entry.getKey()) != entry.getValue().hash());
        failures.clear();
    }

    /** How many users there are now. */
    public int size() {
        return table.users().hashes().size();
    }

    /** Changes each time the users are {@link #replace replaced}: a cache of accepted credentials keeps it too. */
    public long generation() {
        return generation.get();
    }

    @Override
    public Optional<User> user(String login) {
        PasswordHash hash = table.users().hashes().get(login);
        // always a user: an early "no such user" would be faster than a wrong password
        return Optional.of(new StoredUser(login, hash));
    }

    private boolean verify(String login, PasswordHash hash, char[] password) {
        byte[] passwordBytes = PasswordHash.utf8(password);
        byte[] digest = hmac(login, passwordBytes);
        Arrays.fill(passwordBytes, (byte) 0);
        if (hash != null) {
            Verified known = verified.get(login);
            if (known != null && known.hash() == hash && MessageDigest.isEqual(known.digest(), digest)) {
                return true;
            }
        }
        String failureKey = HexFormat.of().formatHex(digest);
        if (failures.containsKey(failureKey)) {
            return false;
        }
        boolean ok;
        if (hash == null) {
            table.decoy().matches(password);
            ok = false;
        } else {
            ok = hash.matches(password);
        }
        if (ok) {
            verified.put(login, new Verified(hash, digest));
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

    private record Verified(PasswordHash hash, byte[] digest) {
    }

    // the users and the stand-in of unknown logins, swapped together
    private record Table(UserEntries.Users users, PasswordHash decoy) {
        static Table of(UserEntries.Users users, PasswordHash decoy) {
            if (users.hashes().isEmpty()) {
                throw new IllegalArgumentException("At least one user is needed");
            }
            // the stand-in costs what the slowest real user costs, so unknown logins are not told apart
            int iterations = users.hashes().values().stream().mapToInt(PasswordHash::iterations).max().orElseThrow();
            PasswordHash stand = decoy != null && decoy.iterations() == iterations ? decoy
                    : PasswordHash.decoy(iterations);
            return new Table(users, stand);
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
