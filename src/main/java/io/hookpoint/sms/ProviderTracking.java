package io.hookpoint.sms;

/**
 * What the provider told us about a message: the id it gave it, its own status words, what it billed,
 * and when the message reached a final status. Every part is null until the provider said it.
 *
 * @param provider          the gateway that took it ({@code http}, later {@code twilio}, ...)
 * @param providerMessageId the provider's id of the message
 * @param providerStatus    the provider's last status, in its own words
 * @param errorCode         the provider's error code, as it gave it
 * @param error             the provider's error text
 * @param segmentsBilled    parts the provider billed
 * @param price             what the provider charged, a decimal number as text (exact, as given)
 * @param currency          ISO 4217 currency of the price
 * @param deliveredAt       when it was delivered, epoch milliseconds
 * @param failedAt          when it was known not to arrive (undelivered or failed), epoch milliseconds
 */
public record ProviderTracking(String provider,
                               String providerMessageId,
                               String providerStatus,
                               String errorCode,
                               String error,
                               Integer segmentsBilled,
                               String price,
                               String currency,
                               Long deliveredAt,
                               Long failedAt) {
    /** Nothing known yet. */
    public static final ProviderTracking NONE = new ProviderTracking(null, null, null, null, null, null, null, null,
            null, null);
}
