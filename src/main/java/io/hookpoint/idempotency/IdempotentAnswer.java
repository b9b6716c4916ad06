package io.hookpoint.idempotency;

/**
 * An answer to send: fresh, or the stored answer of an earlier request with the same key.
 *
 * @param status   HTTP status
 * @param body     JSON body
 * @param replayed true when it is a stored answer sent again
 */
public record IdempotentAnswer(int status, byte[] body, boolean replayed) {
}
