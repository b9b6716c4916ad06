package io.hookpoint.providers.twilio;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Twilio's settings ({@code hookpoint.twilio}, {@code HOOKPOINT_TWILIO_*}); defaults live in application.yaml.
 *
 * @param accountSid          the account ({@code AC...}), also the user of Basic auth
 * @param authToken           the auth token: the Basic password and the key of {@code X-Twilio-Signature}
 * @param from                the default sender (a number or an alphanumeric id), or empty
 * @param messagingServiceSid the Messaging Service ({@code MG...}) that picks the sender, or empty
 * @param url                 the API's base URL ({@code https://api.twilio.com})
 * @param trust               a PEM file of the certificates to trust for the API instead of the JVM's, or empty
 */
public record TwilioSettings(Optional<String> accountSid, Optional<String> authToken, Optional<String> from,
                             Optional<String> messagingServiceSid, URI url, Optional<Path> trust) {

    /**
     * Reads the settings; nothing is required yet (see {@link #requireForSending()}).
     *
     * @param node {@code hookpoint.twilio}
     * @return the settings
     */
    public static TwilioSettings from(Config node) {
        return new TwilioSettings(HookpointConfig.optional(node.get("account.sid")),
                HookpointConfig.optional(node.get("auth.token")),
                HookpointConfig.optional(node.get("from")),
                HookpointConfig.optional(node.get("messaging.service.sid")),
                URI.create(node.get("url").asString().get().replaceAll("/+$", "")),
                HookpointConfig.optional(node.get("trust")).map(Path::of));
    }

    /**
     * Checks what sending needs, at start, naming everything missing in one line.
     *
     * @return these settings
     * @throws IllegalArgumentException when something is missing or malformed
     */
    public TwilioSettings requireForSending() {
        List<String> missing = new ArrayList<>();
        if (accountSid.isEmpty()) {
            missing.add("HOOKPOINT_TWILIO_ACCOUNT_SID");
        }
        if (authToken.isEmpty()) {
            missing.add("HOOKPOINT_TWILIO_AUTH_TOKEN");
        }
        if (from.isEmpty() && messagingServiceSid.isEmpty()) {
            missing.add("HOOKPOINT_TWILIO_FROM or HOOKPOINT_TWILIO_MESSAGING_SERVICE_SID");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The twilio gateway needs " + String.join(", ", missing));
        }
        if (!accountSid.get().matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("HOOKPOINT_TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits");
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new IllegalArgumentException("HOOKPOINT_TWILIO_URL must be an absolute https URL, is " + url);
        }
        return this;
    }
}
