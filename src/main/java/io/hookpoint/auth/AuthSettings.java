package io.hookpoint.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Who may call the API and how hard guessing is made.
 *
 * @param users     {@code login:hash,...}, or empty for the development user
 * @param usersFile a file of {@code login:hash[:role]} lines, watched for changes, instead of {@code users}
 * @param reload    how often the users file is looked at
 * @param failures  failed authentications per client address and window before 429
 * @param window    the window of {@code failures}
 */
public record AuthSettings(Optional<String> users, Optional<Path> usersFile, Duration reload, int failures,
                           Duration window) {

    /**
     * Reads the settings ({@code hookpoint.users}, {@code hookpoint.users.file} and {@code hookpoint.auth} in
     * {@code application.yaml}).
     *
     * @param hookpoint the {@code hookpoint} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static AuthSettings from(Config hookpoint) {
        AuthSettings settings = new AuthSettings(HookpointConfig.optional(hookpoint.get("users")),
                HookpointConfig.optional(hookpoint.get("users.file")).map(Path::of),
                hookpoint.get("auth.reload").as(Duration.class).get(),
                hookpoint.get("auth.failures").asInt().get(),
                hookpoint.get("auth.window").as(Duration.class).get());
        if (settings.failures < 1 || !settings.window.isPositive()) {
            throw new IllegalArgumentException("hookpoint.auth.failures and .window must be positive");
        }
        if (!settings.reload.isPositive()) {
            throw new IllegalArgumentException("hookpoint.auth.reload must be a positive duration");
        }
        return settings;
    }
}
