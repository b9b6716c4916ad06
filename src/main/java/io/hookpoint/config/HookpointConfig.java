package io.hookpoint.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Loads Hookpoint's configuration: environment variables over system properties over
 * {@code application.yaml}, the one place where defaults live. Each feature reads its own part.
 */
public final class HookpointConfig {
    private static final String DEFAULTS = "application.yaml";

    private HookpointConfig() {
    }

    /**
     * The configuration of a running service.
     *
     * @return environment variables, then system properties, then {@code application.yaml}
     */
    public static Config create() {
        return Config.builder()
                .sources(ConfigSources.environmentVariables(), ConfigSources.systemProperties(),
                        ConfigSources.classpath(DEFAULTS))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addMapper(Duration.class, Durations::of)
                .build();
    }

    /**
     * The configuration of a test or tool: the given keys over {@code application.yaml}, nothing from the
     * environment, so that the caller's shell cannot change the result.
     *
     * @param overrides keys such as {@code hookpoint.body.limit}
     * @return the configuration
     */
    public static Config of(Map<String, String> overrides) {
        return Config.builder()
                .sources(ConfigSources.create(overrides), ConfigSources.classpath(DEFAULTS))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addMapper(Duration.class, Durations::of)
                .build();
    }

    /**
     * The environment variable that sets a key, as Helidon maps them: upper case, dots as underscores,
     * {@code -} as {@code _dash_} ({@code server.max-payload-size} <- {@code SERVER_MAX_dash_PAYLOAD_dash_SIZE}).
     *
     * @param key a key such as {@code server.port}
     * @return its variable, such as {@code SERVER_PORT}
     */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder();
        for (String part : key.split("-", -1)) {
            if (!name.isEmpty()) {
                name.append("_dash_");
            }
            name.append(part.replace('.', '_').toUpperCase(Locale.ROOT));
        }
        return name.toString();
    }

    /**
     * A key that may be left empty (a path, a secret, an optional port): empty or blank means unset.
     *
     * @param config the key's node
     * @return its value, unless blank
     */
    public static Optional<String> optional(Config config) {
        return config.asString().asOptional().filter(value -> !value.isBlank());
    }

    /**
     * Reads a setting whose errors do not name it (a parser shared with other inputs): its messages are
     * prefixed with the key, so that the start-up line names the environment variable.
     *
     * @param key  the key, such as {@code hookpoint.users}
     * @param read what reads it
     * @param <T>  what it reads
     * @return what {@code read} returned
     * @throws IllegalArgumentException prefixed with the key
     */
    public static <T> T naming(String key, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
