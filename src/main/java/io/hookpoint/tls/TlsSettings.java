package io.hookpoint.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * The server certificate's files; both empty for the development certificate.
 *
 * @param certificate PEM certificate chain
 * @param key         PEM private key
 * @param reload      how often the files are checked for a change (zero: never)
 */
public record TlsSettings(Optional<Path> certificate, Optional<Path> key, Duration reload) {

    /**
     * Reads the settings ({@code hookpoint.tls} in {@code application.yaml}).
     *
     * @param tls the {@code hookpoint.tls} node
     * @return the settings
     * @throws IllegalArgumentException when only one of the two files is set
     */
    public static TlsSettings from(Config tls) {
        TlsSettings settings = new TlsSettings(HookpointConfig.optional(tls.get("cert")).map(Path::of),
                HookpointConfig.optional(tls.get("key")).map(Path::of),
                tls.get("reload").as(Duration.class).get());
        if (settings.certificate.isPresent() != settings.key.isPresent()) {
            throw new IllegalArgumentException("Set both HOOKPOINT_TLS_CERT and HOOKPOINT_TLS_KEY, or neither");
        }
        if (settings.reload.isNegative()) {
            throw new IllegalArgumentException("hookpoint.tls.reload must not be negative");
        }
        return settings;
    }
}
