package io.hookpoint.providers.sinch;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * Sinch's settings ({@code hookpoint.sinch}, {@code HOOKPOINT_SINCH_*}); defaults live in application.yaml.
 *
 * @param servicePlanId the service plan, the path segment of every SMS REST API call
 * @param token         the API token of the service plan ({@code Authorization: Bearer})
 * @param from          the default sender (a number, short code or alphanumeric id), or empty: Sinch's
 *                      automatic default originator of the plan
 * @param url           the regional base URL ({@code https://us.sms.api.sinch.com}, {@code eu.}, ...)
 * @param callbackToken the shared secret of delivery reports (Sinch does not sign them), or empty: every
 *                      Sinch callback is refused
 * @param trust         a PEM file of the certificates to trust for the API instead of the JVM's, or empty
 */
public record SinchSettings(Optional<String> servicePlanId, Optional<String> token, Optional<String> from, URI url,
                            Optional<String> callbackToken, Optional<Path> trust) {

    /**
     * Reads the settings; nothing is required yet (see {@link #requireForSending(boolean)}).
     *
     * @param node {@code hookpoint.sinch}
     * @return the settings
     */
    public static SinchSettings from(Config node) {
        return new SinchSettings(HookpointConfig.optional(node.get("service.plan.id")),
                HookpointConfig.optional(node.get("token")),
                HookpointConfig.optional(node.get("from")),
                URI.create(node.get("url").asString().get().replaceAll("/+$", "")),
                HookpointConfig.optional(node.get("callback.token")),
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
    public SinchSettings requireForSending(boolean reports) {
        List<String> missing = new ArrayList<>();
        if (servicePlanId.isEmpty()) {
            missing.add("HOOKPOINT_SINCH_SERVICE_PLAN_ID");
        }
        if (token.isEmpty()) {
            missing.add("HOOKPOINT_SINCH_TOKEN");
        }
        if (reports && callbackToken.isEmpty()) {
            missing.add("HOOKPOINT_SINCH_CALLBACK_TOKEN (HOOKPOINT_PUBLIC_URL is set: reports come)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The sinch gateway needs " + String.join(", ", missing));
        }
        // the plan id is a path segment: nothing that could leave it
        if (!servicePlanId.get().matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("HOOKPOINT_SINCH_SERVICE_PLAN_ID must be letters and digits only");
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new IllegalArgumentException("HOOKPOINT_SINCH_URL must be an absolute https URL, is " + url);
        }
        return this;
    }
}
