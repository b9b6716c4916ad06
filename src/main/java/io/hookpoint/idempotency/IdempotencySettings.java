package io.hookpoint.idempotency;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * How long idempotency records are kept.
 *
 * @param retention how long a key and its answer are kept (at least)
 * @param purge     time between purges of older records
 */
public record IdempotencySettings(Duration retention, Duration purge) {

    /**
     * Reads the settings ({@code hookpoint.idempotency} in {@code application.yaml}).
     *
     * @param idempotency the {@code hookpoint.idempotency} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static IdempotencySettings from(Config idempotency) {
        IdempotencySettings settings = new IdempotencySettings(idempotency.get("retention").as(Duration.class).get(),
                idempotency.get("purge").as(Duration.class).get());
        if (settings.retention.isNegative() || !settings.purge.isPositive()) {
            throw new IllegalArgumentException("hookpoint.idempotency.retention and .purge must be positive");
        }
        return settings;
    }
}
