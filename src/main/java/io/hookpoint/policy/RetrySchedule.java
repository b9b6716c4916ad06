package io.hookpoint.policy;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Bloomreach's retry schedule: at most 3 retries (7 for batch webhooks with a batch limit of 10 or
 * more), waiting on average 7 s, 45 s and 300 s, each +-10%; retries past the third keep the last delay.
 *
 * @param maxRetries how many retries follow the first attempt
 */
public record RetrySchedule(int maxRetries) {
    private static final long[] AVERAGE_DELAYS_MILLIS = {7_000, 45_000, 300_000};
    private static final double JITTER = 0.10;

    /**
     * The schedule of a per-customer webhook.
     *
     * @return 3 retries
     */
    public static RetrySchedule perCustomer() {
        return new RetrySchedule(3);
    }

    /**
     * The schedule of a batch webhook.
     *
     * @param batchLimit the webhook's batch size limit
     * @return 7 retries for a limit of 10 or more, else 3
     */
    public static RetrySchedule batch(int batchLimit) {
        return new RetrySchedule(batchLimit >= 10 ? 7 : 3);
    }

    /**
     * The average wait before a retry.
     *
     * @param retry 1 for the first retry
     * @return the average delay
     */
    public Duration averageDelay(int retry) {
        if (retry < 1 || retry > maxRetries) {
            throw new IllegalArgumentException("retry " + retry + " is outside 1.." + maxRetries);
        }
        return Duration.ofMillis(AVERAGE_DELAYS_MILLIS[Math.min(retry, AVERAGE_DELAYS_MILLIS.length) - 1]);
    }

    /** The shortest wait before a retry (average - 10%). */
    public Duration minDelay(int retry) {
        return Duration.ofMillis(Math.round(averageDelay(retry).toMillis() * (1 - JITTER)));
    }

    /** The longest wait before a retry (average + 10%). */
    public Duration maxDelay(int retry) {
        return Duration.ofMillis(Math.round(averageDelay(retry).toMillis() * (1 + JITTER)));
    }

    /**
     * A wait before a retry as Bloomreach draws it.
     *
     * @param retry  1 for the first retry
     * @param random the source of the +-10% jitter
     * @return a delay between {@link #minDelay(int)} and {@link #maxDelay(int)}
     */
    public Duration delay(int retry, RandomGenerator random) {
        long min = minDelay(retry).toMillis();
        long max = maxDelay(retry).toMillis();
        return Duration.ofMillis(random.nextLong(min, max + 1));
    }
}
