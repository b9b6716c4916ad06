package io.hookpoint.sms;

/**
 * A stored SMS message and its delivery status, as {@link MessageRepository} reads it.
 *
 * @param messageId      the id given in the answer
 * @param userLogin      the user who sent it
 * @param idempotencyKey the key it was accepted under
 * @param recipient      E.164 phone number
 * @param sender         sender id, or null
 * @param text           the text
 * @param encoding       {@code GSM-7} or {@code UCS-2}
 * @param segments       SMS parts the text needs
 * @param customerId     Bloomreach customer id, or null
 * @param scenarioId     Bloomreach scenario id, or null
 * @param actionId       Bloomreach action id, or null
 * @param reference      the caller's reference, or null
 * @param status         where it is on its way
 * @param createdAt      epoch milliseconds
 * @param updatedAt      epoch milliseconds
 * @param attempts       delivery attempts so far
 * @param lastError      why the last attempt failed, or null
 * @param sentAt         when the provider took it, epoch milliseconds, or null
 * @param tracking       what the provider told about it (its id, status, error, price, report times)
 * @param redactedAt     when its content (recipient, sender, text) was redacted after its retention, epoch
 *                       milliseconds, or null (then {@code recipient} and {@code text} are empty)
 */
public record StoredSms(String messageId,
                         String userLogin,
                         String idempotencyKey,
                         String recipient,
                         String sender,
                         String text,
                         String encoding,
                         int segments,
                         String customerId,
                         String scenarioId,
                         String actionId,
                         String reference,
                         SmsStatus status,
                         long createdAt,
                         long updatedAt,
                         int attempts,
                         String lastError,
                         Long sentAt,
                         ProviderTracking tracking,
                         Long redactedAt) {

    /** A message whose content is kept. */
    public StoredSms(String messageId, String userLogin, String idempotencyKey, String recipient, String sender,
                     String text, String encoding, int segments, String customerId, String scenarioId,
                     String actionId, String reference, SmsStatus status, long createdAt, long updatedAt,
                     int attempts, String lastError, Long sentAt, ProviderTracking tracking) {
        this(messageId, userLogin, idempotencyKey, recipient, sender, text, encoding, segments, customerId,
                scenarioId, actionId, reference, status, createdAt, updatedAt, attempts, lastError, sentAt,
                tracking, null);
    }

    /** A message the provider has told nothing about yet. */
    public StoredSms(String messageId, String userLogin, String idempotencyKey, String recipient, String sender,
                     String text, String encoding, int segments, String customerId, String scenarioId,
                     String actionId, String reference, SmsStatus status, long createdAt, long updatedAt,
                     int attempts, String lastError, Long sentAt) {
        this(messageId, userLogin, idempotencyKey, recipient, sender, text, encoding, segments, customerId,
                scenarioId, actionId, reference, status, createdAt, updatedAt, attempts, lastError, sentAt,
                ProviderTracking.NONE);
    }
}
