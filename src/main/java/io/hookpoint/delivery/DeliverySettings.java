package io.hookpoint.delivery;

import java.time.Duration;

/**
 * How the dispatcher works.
 *
 * @param attempts     attempts per message before it is failed (temporary failures only)
 * @param backoff      wait after the first failed attempt; doubled after each further one, with jitter
 * @param maxBackoff   the longest wait between attempts
 * @param lease        how long a claim holds; a claim of a dispatcher that died is taken over after it
 * @param concurrency  messages handed to the gateway at the same time
 * @param poll         how often the store is checked when nothing wakes the dispatcher
 * @param firstAttemptWait how long the webhook answer may wait for the first attempt (zero: not at all)
 */
public record DeliverySettings(int attempts,
                               Duration backoff,
                               Duration maxBackoff,
                               Duration lease,
                               int concurrency,
                               Duration poll,
                               Duration firstAttemptWait) {
}
