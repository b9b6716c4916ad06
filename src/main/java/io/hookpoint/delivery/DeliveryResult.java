package io.hookpoint.delivery;

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
}
