package io.hookpoint.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

/**
 * How the dispatcher works.
 *
 * @param attempts     attempts per message before it is failed (temporary failures only)
 * @param backoff      wait after the first failed attempt; doubled after each further one, with jitter
 * @param maxBackoff   the longest wait between attempts
 * @param lease        how long a claim holds; a claim of a dispatcher that died is taken over after it
 * @param concurrency  messages handed to the gateway at the same time (each on a virtual thread)
 * @param claim        the most messages one claim takes (a claim is one write)
 * @param rate         provider calls started per second at most, evenly spaced; 0 for unlimited
 * @param poll         how often the store is checked when nothing wakes the dispatcher
 * @param firstAttemptWait how long the webhook answer may wait for the first attempt (zero: not at all)
 * @param expire       how long after its acceptance a message may still be handed to the provider; later it
 *                     fails as expired (a campaign SMS a day late does more harm than none)
 */
public record DeliverySettings(int attempts,
                               Duration backoff,
                               Duration maxBackoff,
                               Duration lease,
                               int concurrency,
                               int claim,
                               double rate,
                               Duration poll,
                               Duration firstAttemptWait,
                               Duration expire) {

    /**
     * Reads the settings ({@code hookpoint.delivery} in {@code application.yaml}).
     *
     * @param delivery the {@code hookpoint.delivery} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static DeliverySettings from(Config delivery) {
        DeliverySettings settings = new DeliverySettings(delivery.get("attempts").asInt().get(),
                // HOOKPOINT_DELIVERY_BACKOFF, the name before backoff.max needed a sibling, still sets the first wait
                delivery.get("backoff").as(Duration.class).asOptional()
                        .orElseGet(() -> delivery.get("backoff.initial").as(Duration.class).get()),
                delivery.get("backoff.max").as(Duration.class).get(),
                delivery.get("lease").as(Duration.class).get(),
                delivery.get("concurrency").asInt().get(),
                delivery.get("claim").asInt().get(),
                rate(delivery.get("rate")),
                delivery.get("poll").as(Duration.class).get(),
                delivery.get("wait").as(Duration.class).get(),
                delivery.get("expire").as(Duration.class).get());
        if (settings.attempts < 1 || settings.concurrency < 1 || settings.claim < 1) {
            throw new IllegalArgumentException("hookpoint.delivery.attempts, .concurrency and .claim must be at least 1");
        }
        if (!(settings.rate >= 0) || Double.isInfinite(settings.rate)) {
            throw new IllegalArgumentException("hookpoint.delivery.rate must be a number of messages/s >= 0 (0: unlimited)");
        }
        if (!settings.backoff.isPositive() || !settings.poll.isPositive() || settings.firstAttemptWait.isNegative()
                || settings.maxBackoff.compareTo(settings.backoff) < 0 || !settings.expire.isPositive()) {
            throw new IllegalArgumentException("hookpoint.delivery durations must be positive, backoff.max >= "
                    + "backoff.initial");
        }
        return settings;
    }

    /**
     * Whether a message accepted at {@code createdAt} may no longer be handed to the provider.
     *
     * @param createdAt when it was accepted, epoch milliseconds
     * @param now       epoch milliseconds
     * @return true when it is older than {@link #expire()}
     */
    public boolean expired(long createdAt, long now) {
        return now - createdAt > expire.toMillis();
    }

    // HOOKPOINT_DELIVERY_RATE: empty means unlimited, like 0
    private static double rate(Config rate) {
        String value = HookpointConfig.optional(rate).orElse("0").strip();
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hookpoint.delivery.rate must be messages/s (0 or empty: unlimited), is "
                    + value);
        }
    }

    /**
     * Checks that a claim outlives the longest call to the gateway.
     *
     * @param gateway      the gateway settings (timeouts)
     * @param callsPerSend the most calls one send makes ({@link SmsGateway#callsPerSend()})
     * @return the longest send
     * @throws IllegalArgumentException when the lease is too short
     */
    public Duration requireLeaseLongerThan(GatewaySettings gateway, int callsPerSend) {
        // a lease shorter than a gateway call could hand one message to two calls at once
        Duration longestCall = gateway.connectTimeout().plus(gateway.readTimeout()).multipliedBy(callsPerSend);
        if (lease.compareTo(longestCall.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("hookpoint.delivery.lease (" + lease + ") must exceed the gateway's"
                    + " connect + read timeout" + (callsPerSend > 1 ? " x " + callsPerSend + " calls" : "") + " ("
                    + longestCall + ") by a second");
        }
        return longestCall;
    }

    /**
     * The wait before the next attempt: the backoff doubled per failed attempt, capped, with "equal
     * jitter" (between half and all of it) so that retries of many messages spread out.
     *
     * @param attemptsSoFar attempts made, at least 1
     * @return the wait
     */
    Duration waitAfter(int attemptsSoFar) {
        long base = backoff.toMillis();
        long exponential = base << Math.min(Math.max(attemptsSoFar - 1, 0), 30);
        long capped = Math.min(exponential, maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
