package io.hookpoint.reports;

import io.hookpoint.sms.SmsStatus;

/**
 * One delivery report, normalised from whatever shape its provider sends: which message (our id or the
 * provider's), the status it reached, and what the provider said.
 *
 * @param provider          the provider that reports ({@code http}, later {@code twilio}, ...)
 * @param messageId         our message id, or null when the provider knows only its own
 * @param providerMessageId the provider's id of the message, or null
 * @param status            {@code SENT}, {@code DELIVERED}, {@code UNDELIVERED} or {@code FAILED}
 * @param providerStatus    the provider's status in its own words, or null
 * @param errorCode         the provider's error code, or null
 * @param error             the provider's error text, or null
 * @param segments          parts billed, or null
 * @param price             price as a decimal number in text, or null
 * @param currency          ISO 4217 currency of the price, or null
 * @param at                when the status was reached, epoch milliseconds, or null for "now"
 * @param unsubscribed      the provider says the recipient unsubscribed there (Vonage's receipt error 9), so
 *                          the number is suppressed here too
 */
public record DeliveryReport(String provider, String messageId, String providerMessageId, SmsStatus status,
                             String providerStatus, String errorCode, String error, Integer segments,
                             String price, String currency, Long at, boolean unsubscribed) {

    /** Checks that the report names a message and a status a report can give. */
    public DeliveryReport {
        if (messageId == null && providerMessageId == null) {
            throw new IllegalArgumentException("A report names the message: our id or the provider's");
        }
        if (status == null || status.rank() < SmsStatus.SENT.rank()) {
            throw new IllegalArgumentException("A report's status is sent, delivered, undelivered or failed");
        }
    }

    /** A report that says nothing about the recipient's consent (every provider's but Vonage's error 9). */
    public DeliveryReport(String provider, String messageId, String providerMessageId, SmsStatus status,
                          String providerStatus, String errorCode, String error, Integer segments,
                          String price, String currency, Long at) {
        this(provider, messageId, providerMessageId, status, providerStatus, errorCode, error, segments, price,
                currency, at, false);
    }
}
