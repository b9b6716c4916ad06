package io.hookpoint.config;

import java.util.Map;
import java.util.Optional;

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
                .build();
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
}
