package io.hookpoint.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Which SMS provider to use, and the settings every gateway shares (timeouts; the generic gateway's URL).
 *
 * @param type           the provider that sends ({@code log}, the embedded default; {@code http}; {@code twilio}):
 *                       {@code providers.Providers} checks it and builds the gateway
 * @param url            the provider's endpoint (for {@code http})
 * @param authHeader     the header that carries the provider credentials
 * @param authValue      its value, or empty for none
 * @param connectTimeout longest wait for a connection
 * @param readTimeout    longest wait for the provider's answer
 */
public record GatewaySettings(String type,
                              Optional<URI> url,
                              String authHeader,
                              Optional<String> authValue,
                              Duration connectTimeout,
                              Duration readTimeout) {

    /**
     * Reads the settings ({@code hookpoint.gateway} in {@code application.yaml}).
     *
     * @param gateway the {@code hookpoint.gateway} node
     * @return the settings
     */
    public static GatewaySettings from(Config gateway) {
        return new GatewaySettings(gateway.get("type").asString().get(),
                HookpointConfig.optional(gateway.get("url")).map(URI::create),
                gateway.get("auth.header").asString().get(),
                HookpointConfig.optional(gateway.get("auth.value")),
                gateway.get("connect.timeout").as(Duration.class).get(),
                gateway.get("read.timeout").as(Duration.class).get());
    }
}
