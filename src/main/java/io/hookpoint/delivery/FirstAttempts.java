package io.hookpoint.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.hookpoint.sms.SmsStatus;

/**
 * Answers that wait briefly for the first delivery attempt of their message ({@code HOOKPOINT_DELIVERY_WAIT}),
 * so that a per-customer answer can say {@code sent} as in Bloomreach's guide.
 */
final class FirstAttempts {
    private final Map<String, CompletableFuture<SmsStatus>> waiting = new ConcurrentHashMap<>();
    private final Duration wait;

    FirstAttempts(Duration wait) {
        this.wait = wait;
    }

    boolean enabled() {
        return wait.isPositive();
    }

    /**
     * Waits for a message's first attempt, up to the configured time.
     *
     * @param messageId the message
     * @param stored    its status in the store now (the attempt may have ended before the wait began)
     * @param wake      wakes the dispatcher
     * @return its status after the attempt, or {@code QUEUED} when the wait ran out
     */
    SmsStatus await(String messageId, Supplier<Optional<SmsStatus>> stored, Runnable wake) {
        CompletableFuture<SmsStatus> attempt = waiting.computeIfAbsent(messageId, id -> new CompletableFuture<>());
        wake.run();
        try {
            SmsStatus now = stored.get().orElseThrow();
            if (now != SmsStatus.QUEUED && now != SmsStatus.SENDING) {
                return now;
            }
            return attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            return SmsStatus.QUEUED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SmsStatus.QUEUED;
        } finally {
            waiting.remove(messageId);
        }
    }

    /** A message's attempt ended with this status: the answer waiting for it, if any, goes on. */
    void attempted(String messageId, SmsStatus status) {
        CompletableFuture<SmsStatus> attempt = waiting.get(messageId);
        if (attempt != null) {
            attempt.complete(status);
        }
    }
}
