package io.hookpoint.providers.vonage;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Vonage's settings ({@code hookpoint.vonage}, {@code HOOKPOINT_VONAGE_*}); defaults live in application.yaml.
 *
 * @param apiKey          the account's API key ({@code api_key})
 * @param apiSecret       the account's API secret ({@code api_secret})
 * @param from            the default sender (a number or an alphanumeric id), or empty
 * @param signatureSecret the key Vonage signs delivery receipts with, or empty: every Vonage callback is refused
 * @param signatureMethod how they are signed (the dashboard's choice; Vonage's default is {@code md5hash})
 * @param url             the API's base URL ({@code https://rest.nexmo.com})
 * @param trust           a PEM file of the certificates to trust for the API instead of the JVM's, or empty
 */
public record VonageSettings(Optional<String> apiKey, Optional<String> apiSecret, Optional<String> from,
                             Optional<String> signatureSecret, VonageSignature.Method signatureMethod, URI url,
                             Optional<Path> trust) {

    /**
     * Reads the settings; nothing is required yet (see {@link #requireForSending(boolean)}).
     *
     * @param node {@code hookpoint.vonage}
     * @return the settings
     * @throws IllegalArgumentException when the signature method is not one Vonage offers
     */
    public static VonageSettings from(Config node) {
        return new VonageSettings(HookpointConfig.optional(node.get("api.key")),
                HookpointConfig.optional(node.get("api.secret")),
                HookpointConfig.optional(node.get("from")),
                HookpointConfig.optional(node.get("signature.secret")),
                VonageSignature.Method.named(HookpointConfig.optional(node.get("signature.method")).orElse("md5hash")),
                URI.create(node.get("url").asString().orElse("https://rest.nexmo.com").replaceAll("/+$", "")),
                HookpointConfig.optional(node.get("trust")).map(Path::of));
    }

    /**
     * Checks what sending needs, at start, naming everything missing in one line.
     *
     * @param reports whether the provider is given a callback URL ({@code HOOKPOINT_PUBLIC_URL} is set): then
     *                the secret its reports are checked with is needed too, or every report would be refused
     * @return these settings
     * @throws IllegalArgumentException when something is missing or malformed
     */
    public VonageSettings requireForSending(boolean reports) {
        List<String> missing = new ArrayList<>();
        if (apiKey.isEmpty()) {
            missing.add("HOOKPOINT_VONAGE_API_KEY");
        }
        if (apiSecret.isEmpty()) {
            missing.add("HOOKPOINT_VONAGE_API_SECRET");
        }
        if (from.isEmpty()) {
            missing.add("HOOKPOINT_VONAGE_FROM");
        }
        if (reports && signatureSecret.isEmpty()) {
            missing.add("HOOKPOINT_VONAGE_SIGNATURE_SECRET (HOOKPOINT_PUBLIC_URL is set: reports come)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The vonage gateway needs " + String.join(", ", missing));
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new IllegalArgumentException("HOOKPOINT_VONAGE_URL must be an absolute https URL, is " + url);
        }
        return this;
    }
}
