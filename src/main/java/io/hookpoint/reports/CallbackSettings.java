package io.hookpoint.reports;

import java.net.URI;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Where providers call back and how the generic gateway's callbacks authenticate.
 *
 * @param publicUrl this service's public base URL ({@code HOOKPOINT_PUBLIC_URL}), or empty: callback URLs
 *                  are built from it, and signatures that cover the URL are checked against it
 * @param token     the secret the generic {@code http} gateway's adapter sends as
 *                  {@code Authorization: Bearer} ({@code HOOKPOINT_CALLBACK_TOKEN}), or empty
 */
public record CallbackSettings(Optional<URI> publicUrl, Optional<String> token) {
    /** The path of every provider's callbacks; {@code {provider}} is the provider's name. */
    public static final String PATH = "/callbacks/{provider}/status";

    /**
     * Reads the settings ({@code hookpoint.public.url} and {@code hookpoint.callback.token}).
     *
     * @param hookpoint the {@code hookpoint} node
     * @return the settings
     * @throws IllegalArgumentException when the public URL is not an absolute http(s) URL
     */
    public static CallbackSettings from(Config hookpoint) {
        Optional<URI> url = HookpointConfig.optional(hookpoint.get("public.url"))
                .map(u -> URI.create(u.replaceAll("/+$", "")));
        url.ifPresent(u -> {
            if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null) {
                throw new IllegalArgumentException("HOOKPOINT_PUBLIC_URL must be an absolute http(s) URL, is " + u);
            }
        });
        return new CallbackSettings(url, HookpointConfig.optional(hookpoint.get("callback.token")));
    }

    /**
     * The URL a provider reports to.
     *
     * @param provider the provider's name
     * @return {@code HOOKPOINT_PUBLIC_URL/callbacks/<provider>/status}, or empty without a public URL
     */
    public Optional<URI> callbackUrl(String provider) {
        return publicUrl.map(u -> URI.create(u + PATH.replace("{provider}", provider)));
    }
}
