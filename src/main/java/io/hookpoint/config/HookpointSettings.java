package io.hookpoint.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.hookpoint.delivery.DeliverySettings;
import io.hookpoint.delivery.GatewaySettings;
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
 * @param batchItems         the most messages in one batch request
 * @param batchBodyLimit     largest batch request body in bytes
 * @param gateway            the SMS provider
 * @param delivery           how accepted messages are delivered
 * @param inFlightLimit      the most API requests in flight; more are answered 503 at once
 * @param minFreeDisk        free bytes on the database's disk below which the service is not ready
 * @param authFailures       failed authentications per client address and window before 429
 * @param authWindow         the window of {@code authFailures}
 * @param tlsReload          how often the certificate files are checked for a change (zero: never)
 * @param plainHttpPort      a second listener without TLS, only behind a TLS-terminating proxy; empty: none
 * @param benchMode          adds {@code /bench/baseline}: a constant answer without auth or store, for
 *                           {@code make bench} to compare against; never set it in production
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
                                Duration retryAfter,
                                int batchItems,
                                int batchBodyLimit,
                                GatewaySettings gateway,
                                DeliverySettings delivery,
                                int inFlightLimit,
                                long minFreeDisk,
                                int authFailures,
                                Duration authWindow,
                                Duration tlsReload,
                                Optional<Integer> plainHttpPort,
                                boolean benchMode) {

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
                        hookpoint.get("db.timeout").as(Duration.class).orElse(Duration.ofSeconds(5)),
                        hookpoint.get("db.user").asString().filter(s -> !s.isBlank()),
                        hookpoint.get("db.password").asString().filter(s -> !s.isBlank()),
                        hookpoint.get("db.pool").asInt().orElse(8)),
                hookpoint.get("tls.cert").asString().filter(s -> !s.isBlank()).map(Path::of),
                hookpoint.get("tls.key").asString().filter(s -> !s.isBlank()).map(Path::of),
                hookpoint.get("users").asString().filter(s -> !s.isBlank()),
                hookpoint.get("body.limit").asInt().orElse(64 * 1024),
                hookpoint.get("sms.segments").asInt().orElse(1),
                hookpoint.get("idempotency.retention").as(Duration.class).orElse(Duration.ofHours(72)),
                hookpoint.get("idempotency.purge").as(Duration.class).orElse(Duration.ofMinutes(10)),
                hookpoint.get("retry.after").as(Duration.class).orElse(Duration.ofSeconds(5)),
                hookpoint.get("batch.items").asInt().orElse(1000),
                hookpoint.get("batch.body.limit").asInt().orElse(2 * 1024 * 1024),
                new GatewaySettings(
                        hookpoint.get("gateway.type").asString().orElse("log"),
                        hookpoint.get("gateway.url").asString().filter(s -> !s.isBlank()).map(URI::create),
                        hookpoint.get("gateway.auth.header").asString().orElse("Authorization"),
                        hookpoint.get("gateway.auth.value").asString().filter(s -> !s.isBlank()),
                        hookpoint.get("gateway.connect.timeout").as(Duration.class).orElse(Duration.ofSeconds(2)),
                        hookpoint.get("gateway.read.timeout").as(Duration.class).orElse(Duration.ofSeconds(10))),
                new DeliverySettings(
                        hookpoint.get("delivery.attempts").asInt().orElse(8),
                        hookpoint.get("delivery.backoff").as(Duration.class).orElse(Duration.ofSeconds(2)),
                        hookpoint.get("delivery.backoff.max").as(Duration.class).orElse(Duration.ofMinutes(10)),
                        hookpoint.get("delivery.lease").as(Duration.class).orElse(Duration.ofSeconds(60)),
                        hookpoint.get("delivery.concurrency").asInt().orElse(16),
                        hookpoint.get("delivery.poll").as(Duration.class).orElse(Duration.ofSeconds(1)),
                        hookpoint.get("delivery.wait").as(Duration.class).orElse(Duration.ZERO)),
                hookpoint.get("inflight.limit").asInt().orElse(1000),
                hookpoint.get("health.disk.min").asLong().orElse(64L * 1024 * 1024),
                hookpoint.get("auth.failures").asInt().orElse(20),
                hookpoint.get("auth.window").as(Duration.class).orElse(Duration.ofMinutes(1)),
                hookpoint.get("tls.reload").as(Duration.class).orElse(Duration.ofSeconds(30)),
                hookpoint.get("http.port").asInt().asOptional(),
                hookpoint.get("bench").asBoolean().orElse(false));
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
        store.dialect();
        if (store.poolSize() < 2) {
            throw new IllegalArgumentException("hookpoint.db.pool must be at least 2 (the writer and a reader)");
        }
        if (authFailures < 1 || !authWindow.isPositive()) {
            throw new IllegalArgumentException("hookpoint.auth.failures and .window must be positive");
        }
        if (inFlightLimit < 1) {
            throw new IllegalArgumentException("hookpoint.inflight.limit must be at least 1, is " + inFlightLimit);
        }
        if (batchItems < 1 || batchItems > 100_000) {
            throw new IllegalArgumentException("hookpoint.batch.items must be 1..100000, is " + batchItems);
        }
        if (batchBodyLimit < bodyLimit) {
            throw new IllegalArgumentException("hookpoint.batch.body.limit must be at least hookpoint.body.limit");
        }
        if (!gateway.type().equals("log") && !gateway.type().equals("http")) {
            throw new IllegalArgumentException("hookpoint.gateway.type must be log or http, is " + gateway.type());
        }
        if (gateway.type().equals("http") && gateway.url().isEmpty()) {
            throw new IllegalArgumentException("HOOKPOINT_GATEWAY_URL is required for the http gateway");
        }
        if (delivery.attempts() < 1 || delivery.concurrency() < 1) {
            throw new IllegalArgumentException("hookpoint.delivery.attempts and .concurrency must be at least 1");
        }
        // a lease shorter than a gateway call could hand one message to two calls at once
        Duration longestCall = gateway.connectTimeout().plus(gateway.readTimeout());
        if (delivery.lease().compareTo(longestCall.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("hookpoint.delivery.lease (" + delivery.lease()
                    + ") must exceed the gateway's connect + read timeout (" + longestCall + ") by a second");
        }
        if (!delivery.backoff().isPositive() || !delivery.poll().isPositive() || delivery.firstAttemptWait().isNegative()
                || delivery.maxBackoff().compareTo(delivery.backoff()) < 0) {
            throw new IllegalArgumentException("hookpoint.delivery durations must be positive, backoff.max >= backoff");
        }
        if (retention.isNegative() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("hookpoint.idempotency.retention and .purge must be positive");
        }
    }
}
