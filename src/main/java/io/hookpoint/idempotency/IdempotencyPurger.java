package io.hookpoint.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.hookpoint.store.Store;

/**
 * Deletes idempotency records older than the retention, in small batches so that a purge never holds
 * the write lock long enough to delay the webhook's requests.
 */
public final class IdempotencyPurger implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(IdempotencyPurger.class.getName());
    private static final int BATCH = 500;

    private final IdempotencyLog log;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    /**
     * Creates a purger; call {@link #start(Duration)} to run it periodically.
     *
     * @param store     the store
     * @param retention how long records are kept
     * @param clock     the time source
     */
    public IdempotencyPurger(Store store, Duration retention, Clock clock) {
        this.log = new IdempotencyLog(store);
        this.retention = retention;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idempotency-purger").factory());
    }

    /**
     * Runs {@link #purge()} every interval, starting after one interval.
     *
     * @param interval time between purges
     */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes every record older than the retention now.
     *
     * @return how many records were deleted
     */
    public int purge() {
        long cutoff = clock.millis() - retention.toMillis();
        int total = 0;
        int deleted;
        do {
            deleted = log.purgeOlderThan(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void purgeQuietly() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOGGER.log(System.Logger.Level.INFO, "Purged {0} idempotency records older than {1}", deleted,
                        retention);
            }
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Purging idempotency records failed; will try again", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
