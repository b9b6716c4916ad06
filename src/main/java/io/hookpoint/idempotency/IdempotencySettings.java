package io.hookpoint.idempotency;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * How long idempotency records are kept, and how many committed answers an instance remembers.
 *
 * @param retention  how long a key and its answer are kept (at least)
 * @param purge      time between purges of older records
 * @param remembered the most answers this instance committed that it replays from memory ({@link CommittedAnswers})
 */
public record IdempotencySettings(Duration retention, Duration purge, int remembered) {

    /**
     * Settings that remember the default number of committed answers.
     *
     * @param retention how long a key and its answer are kept (at least)
     * @param purge     time between purges of older records
     */
    public IdempotencySettings(Duration retention, Duration purge) {
        this(retention, purge, CommittedAnswers.DEFAULT_CAPACITY);
    }

    /**
     * Reads the settings ({@code hookpoint.idempotency} in {@code application.yaml}).
     *
     * @param idempotency the {@code hookpoint.idempotency} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static IdempotencySettings from(Config idempotency) {
        IdempotencySettings settings = new IdempotencySettings(idempotency.get("retention").as(Duration.class).get(),
                idempotency.get("purge").as(Duration.class).get(),
                idempotency.get("remembered").asInt().orElse(CommittedAnswers.DEFAULT_CAPACITY));
        if (settings.retention.isNegative() || !settings.purge.isPositive()) {
            throw new IllegalArgumentException("hookpoint.idempotency.retention and .purge must be positive");
        }
        if (settings.remembered < 0) {
            throw new IllegalArgumentException("hookpoint.idempotency.remembered must be 0 or more");
        }
        return settings;
    }
}
