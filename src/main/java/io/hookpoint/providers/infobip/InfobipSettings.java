package io.hookpoint.providers.infobip;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Infobip's settings ({@code hookpoint.infobip}, {@code HOOKPOINT_INFOBIP_*}); defaults live in application.yaml.
 *
 * @param apiKey        the API key, sent as {@code Authorization: App <key>}
 * @param url           the account's base URL ({@code https://xxxxx.api.infobip.com}), or empty
 * @param from          the default sender (a number or an alphanumeric id), or empty
 * @param callbackToken the shared secret Infobip's delivery reports must carry ({@code ?token=} or a Basic password)
 * @param trust         a PEM file of the certificates to trust for the API instead of the JVM's, or empty
 */
public record InfobipSettings(Optional<String> apiKey, Optional<URI> url, Optional<String> from,
                              Optional<String> callbackToken, Optional<Path> trust) {

    /**
     * Reads the settings; nothing is required yet (see {@link #requireForSending(boolean)}).
     *
     * @param node {@code hookpoint.infobip}
     * @return the settings
     */
    public static InfobipSettings from(Config node) {
        return new InfobipSettings(HookpointConfig.optional(node.get("api.key")),
                HookpointConfig.optional(node.get("url")).map(u -> URI.create(u.strip().replaceAll("/+$", ""))),
                HookpointConfig.optional(node.get("from")),
                HookpointConfig.optional(node.get("callback.token")),
                HookpointConfig.optional(node.get("trust")).map(Path::of));
    }

    /**
     * Checks what sending needs, at start, naming everything missing in one line.
     *
     * @param reports whether Infobip is given a notify URL ({@code HOOKPOINT_PUBLIC_URL} is set): then the
     *                callback token is needed too, or every report Infobip posts would be refused
     * @return these settings
     * @throws IllegalArgumentException when something is missing or malformed
     */
    public InfobipSettings requireForSending(boolean reports) {
        List<String> missing = new ArrayList<>();
        if (apiKey.isEmpty()) {
            missing.add("HOOKPOINT_INFOBIP_API_KEY");
        }
        if (url.isEmpty()) {
            missing.add("HOOKPOINT_INFOBIP_URL");
        }
        if (reports && callbackToken.isEmpty()) {
            missing.add("HOOKPOINT_INFOBIP_CALLBACK_TOKEN (HOOKPOINT_PUBLIC_URL is set)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The infobip gateway needs " + String.join(", ", missing));
        }
        URI base = url.get();
        if (!"https".equalsIgnoreCase(base.getScheme()) && !"http".equalsIgnoreCase(base.getScheme())
                || base.getHost() == null) {
            throw new IllegalArgumentException("HOOKPOINT_INFOBIP_URL must be an absolute https URL"
                    + " (https://xxxxx.api.infobip.com), is " + base);
        }
        return this;
    }
}
