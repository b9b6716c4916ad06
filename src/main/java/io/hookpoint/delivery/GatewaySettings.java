package io.hookpoint.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Which SMS provider to use and how to reach it.
 *
 * @param type           {@code log} (the embedded default) or {@code http}
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
     * @throws IllegalArgumentException for an unknown type or an {@code http} gateway without URL
     */
    public static GatewaySettings from(Config gateway) {
        GatewaySettings settings = new GatewaySettings(gateway.get("type").asString().get(),
                HookpointConfig.optional(gateway.get("url")).map(URI::create),
                gateway.get("auth.header").asString().get(),
                HookpointConfig.optional(gateway.get("auth.value")),
                gateway.get("connect.timeout").as(Duration.class).get(),
                gateway.get("read.timeout").as(Duration.class).get());
        if (!settings.type.equals("log") && !settings.type.equals("http")) {
            throw new IllegalArgumentException("hookpoint.gateway.type must be log or http, is " + settings.type);
        }
        if (settings.type.equals("http") && settings.url.isEmpty()) {
            throw new IllegalArgumentException("HOOKPOINT_GATEWAY_URL is required for the http gateway");
        }
        return settings;
    }

    /**
     * The gateway these settings describe.
     *
     * @return the gateway
     * @throws IllegalArgumentException for an unknown type or an {@code http} gateway without URL
     */
    public SmsGateway create() {
        return create(Optional.empty());
    }

    /**
     * The gateway these settings describe, telling the provider where to report delivery.
     *
     * @param callbackUrl where the provider posts its delivery reports, or empty
     * @return the gateway
     * @throws IllegalArgumentException for an unknown type or an {@code http} gateway without URL
     */
    public SmsGateway create(Optional<URI> callbackUrl) {
        return switch (type) {
        case "log" -> new LogGateway();
        case "http" -> new HttpGateway(url.orElseThrow(() -> new IllegalArgumentException(
                "HOOKPOINT_GATEWAY_URL is required for the http gateway")),
                Optional.of(authHeader), authValue, connectTimeout, readTimeout, callbackUrl);
        default -> throw new IllegalArgumentException("Unknown gateway type '" + type + "': use log or http");
        };
    }
}
