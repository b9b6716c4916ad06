package io.hookpoint.idempotency;

/**
 * What was decided about one key: the request's fingerprint and the answer, kept to be replayed.
 *
 * @param userLogin      the authenticated user the key belongs to
 * @param idempotencyKey the key
 * @param fingerprint    hash of the request's meaningful fields
 * @param statusCode     the answer's HTTP status
 * @param responseBody   the answer's body, byte for byte
 * @param messageId      the accepted message, or null when the answer was a per-customer error
 * @param createdAt      when it was recorded, epoch milliseconds
 */
public record IdempotencyRecord(String userLogin,
                                String idempotencyKey,
                                String fingerprint,
                                int statusCode,
                                byte[] responseBody,
                                String messageId,
                                long createdAt) {
}
