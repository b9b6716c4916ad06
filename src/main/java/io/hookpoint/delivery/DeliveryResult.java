package io.hookpoint.delivery;

import java.time.Duration;
import java.util.Optional;

/** What a gateway reports about one send. */
public sealed interface DeliveryResult {

    /** The provider took the message. */
    record Sent() implements DeliveryResult {
    }

    /**
     * The provider refused the message for good (a 4xx): it is not tried again.
     *
     * @param reason what the provider said
     */
    record Rejected(String reason) implements DeliveryResult {
    }

    /**
     * The send failed in a way that may pass (5xx, 429, timeout, connection error): try again later.
     *
     * @param reason what went wrong
     */
    record Failed(String reason) implements DeliveryResult {
    }

    /**
     * The provider throttled the call (429 or its own "too many requests"): the whole provider lane
     * slows down, and the message is tried again later without counting as a failed attempt.
     *
     * @param reason what the provider said
     * @param after  how long the provider asked to wait ({@code Retry-After}), or empty: the lane backs off
     */
    record RetryLater(String reason, Optional<Duration> after) implements DeliveryResult {
    }
}
