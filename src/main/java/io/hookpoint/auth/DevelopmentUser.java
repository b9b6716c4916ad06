package io.hookpoint.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.hookpoint.store.PrivateFiles;

/**
 * The user of a development start without {@code HOOKPOINT_USERS}: created once with a random password
 * that is printed once, its hash kept in {@code DATA/dev-users} so later starts accept the same
 * password, and the password itself in {@code DATA/dev-password} (owner-only) for local tools such as
 * {@code make simulate}. Delete {@code dev-users} to get a new password. Production configures
 * {@code HOOKPOINT_USERS} and has neither file.
 */
public final class DevelopmentUser {
    /** The development user's login. */
    public static final String LOGIN = "hookpoint";
    private static final String FILE = "dev-users";
    /** The file, in the data directory, holding the development user's password. */
    public static final String PASSWORD_FILE = "dev-password";

    private DevelopmentUser() {
    }

    /**
     * Loads the development user, creating it when the data directory has none.
     *
     * @param dataDirectory where {@code dev-users} lives
     * @param console       where to tell the user about it
     * @return login -> hash
     */
    public static Map<String, PasswordHash> ensure(Path dataDirectory, java.io.PrintStream console) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                Map<String, PasswordHash> users = UserEntries.parse(Files.readString(file, StandardCharsets.UTF_8));
                // a start that failed after creating the user never printed its password: point to its file
                Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
                console.println("Development user '" + LOGIN + "' from " + file + (Files.exists(passwordFile)
                        ? " (its password is in " + passwordFile + "; delete both files for a new one)."
                        : " (its password was printed when it was created; delete the file for a new one)."));
                return users;
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            PasswordHash hash = PasswordHash.create(password.toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
            // owner-only from the start (0600), whatever the umask
            PrivateFiles.write(file, LOGIN + ":" + hash.encoded() + "\n");
            Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
            PrivateFiles.write(passwordFile, password + "\n");
            console.println("Created development user '" + LOGIN + "' with password: " + password);
            console.println("  (its hash is in " + file + ", the password in " + passwordFile + " for local tools)");
            return Map.of(LOGIN, hash);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }
}
