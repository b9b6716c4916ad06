package io.hookpoint.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.store.StoreSettings;

import io.helidon.config.Config;

/**
 * Every setting of the service, read once at start from Helidon's config: {@code application.yaml}
 * defaults, overridden by environment variables ({@code HOOKPOINT_DB_URL} is {@code hookpoint.db.url}).
 * The README's configuration reference lists the same keys.
 *
 * @param host               address to listen on
 * @param port               HTTPS port (0 picks a free one)
 * @param dataDirectory      where the development certificate and user live
 * @param store              database settings
 * @param tlsCertificate     PEM certificate chain, or empty for the development certificate
 * @param tlsKey             PEM private key, or empty for the development certificate
 * @param users              {@code login:hash,...}, or empty for the development user
 * @param bodyLimit          largest request body in bytes
 * @param maxSegments        SMS parts a text may need
 * @param retention          how long idempotency records are kept
 * @param purgeInterval      time between purges of old idempotency records
 * @param retryAfter         the {@code Retry-After} of 503 answers
 */
public record HookpointSettings(String host,
                                int port,
                                Path dataDirectory,
                                StoreSettings store,
                                Optional<Path> tlsCertificate,
                                Optional<Path> tlsKey,
                                Optional<String> users,
                                int bodyLimit,
                                int maxSegments,
                                Duration retention,
                                Duration purgeInterval,
                                Duration retryAfter) {

    /**
     * Reads the settings.
     *
     * @param config the root config
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static HookpointSettings from(Config config) {
        Config hookpoint = config.get("hookpoint");
        Path data = Path.of(hookpoint.get("data").asString().orElse("data"));
        HookpointSettings settings = new HookpointSettings(
                config.get("server.host").asString().orElse("0.0.0.0"),
                config.get("server.port").asInt().orElse(8443),
                data,
                new StoreSettings(
                        hookpoint.get("db.url").asString().orElse("jdbc:sqlite:" + data.resolve("hookpoint.db")),
                        hookpoint.get("db.synchronous").asString().orElse("FULL"),
                        hookpoint.get("db.timeout").as(Duration.class).orElse(Duration.ofSeconds(5))),
                hookpoint.get("tls.cert").asString().filter(s -> !s.isBlank()).map(Path::of),
                hookpoint.get("tls.key").asString().filter(s -> !s.isBlank()).map(Path::of),
                hookpoint.get("users").asString().filter(s -> !s.isBlank()),
                hookpoint.get("body.limit").asInt().orElse(64 * 1024),
                hookpoint.get("sms.segments").asInt().orElse(1),
                hookpoint.get("idempotency.retention").as(Duration.class).orElse(Duration.ofHours(72)),
                hookpoint.get("idempotency.purge").as(Duration.class).orElse(Duration.ofMinutes(10)),
                hookpoint.get("retry.after").as(Duration.class).orElse(Duration.ofSeconds(5)));
        settings.check();
        return settings;
    }

    private void check() {
        if (tlsCertificate.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("Set both HOOKPOINT_TLS_CERT and HOOKPOINT_TLS_KEY, or neither");
        }
        if (bodyLimit < 1024) {
            throw new IllegalArgumentException("hookpoint.body.limit must be at least 1024 bytes, is " + bodyLimit);
        }
        if (maxSegments < 1 || maxSegments > 255) {
            throw new IllegalArgumentException("hookpoint.sms.segments must be 1..255, is " + maxSegments);
        }
        if (!store.synchronous().matches("(?i)OFF|NORMAL|FULL|EXTRA")) {
            throw new IllegalArgumentException("hookpoint.db.synchronous must be OFF, NORMAL, FULL or EXTRA");
        }
        if (retention.isNegative() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("hookpoint.idempotency.retention and .purge must be positive");
        }
    }
}
