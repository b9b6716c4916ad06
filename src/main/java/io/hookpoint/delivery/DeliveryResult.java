package io.hookpoint.delivery;

import java.time.Duration;
import java.util.Optional;

/** What a gateway reports about one send. */
public sealed interface DeliveryResult {

    /**
     * The provider took the message. Every part is optional (null): a provider that says nothing about
     * the message still took it.
     *
     * @param provider          the gateway's name ({@code http}, later {@code twilio}, ...)
     * @param providerMessageId the provider's id of the message (its reports may name only that)
     * @param segments          parts the provider billed
     * @param price             what it charged, a decimal number as text, exactly as given
     * @param currency          ISO 4217 currency of the price
     */
    record Sent(String provider, String providerMessageId, Integer segments, String price, String currency)
            implements DeliveryResult {

        /** Taken, with nothing more said. */
        public Sent() {
            this(null, null, null, null, null);
        }
    }

    /**
     * The provider refused the message for good (a 4xx): it is not tried again.
     *
     * @param reason    what the provider said, for {@code last_error}
     * @param provider  the gateway's name, or null
     * @param errorCode the provider's own error code ({@code 21610}), kept as {@code provider_error_code}, or null
     * @param unsubscribed whether the provider refused it because the recipient unsubscribed there (Twilio
     *                  21610): the number goes on our suppression list too
     */
    record Rejected(String reason, String provider, String errorCode, boolean unsubscribed) implements DeliveryResult {

        /** Refused, with no code of the provider's. */
        public Rejected(String reason) {
            this(reason, null, null, false);
        }

        /** Refused for a reason other than an unsubscribed recipient. */
        public Rejected(String reason, String provider, String errorCode) {
            this(reason, provider, errorCode, false);
        }
    }

    /**
     * The request went out and no answer came (a read timeout, the connection lost mid-call, a gateway
     * timeout in front of the provider): the provider may have taken the message. Providers that cannot
     * recognise a repeat are not called again: the message ends {@code failed}, but a delivery report that
     * arrives later still settles it ({@code sent}, {@code delivered}, {@code undelivered}).
     *
     * @param reason   what happened
     * @param provider the gateway's name
     */
    record Unknown(String reason, String provider) implements DeliveryResult {
    }

    /**
     * The send failed in a way that may pass (5xx, 429, timeout, connection error): try again later.
     *
     * @param reason    what went wrong
     * @param notSooner the shortest wait before the next attempt, whatever the backoff says (zero: the
     *                  backoff alone): a call whose answer was lost may still be under way at the provider
     */
    record Failed(String reason, Duration notSooner) implements DeliveryResult {

        /** Failed; the next attempt after the backoff. */
        public Failed(String reason) {
            this(reason, Duration.ZERO);
        }
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
