package io.hookpoint.sms;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.config.HookpointConfig;
import io.hookpoint.observe.ServiceMetrics;
import io.hookpoint.store.Store;

import io.helidon.config.Config;

/**
 * Redacts the content of messages (recipient, sender, text) once they are older than the content
 * retention ({@code HOOKPOINT_CONTENT_RETENTION}) and no longer queued or sending, in small batches like
 * the idempotency purge, so that a purge never holds the write lock long enough to delay the webhook. The
 * row stays, with what reports need; {@code GET /sms/{id}} shows it redacted.
 */
public final class ContentPurger implements AutoCloseable {
    /** The counter of messages redacted, as Prometheus shows it with {@code _total}. */
    public static final String METRIC = "hookpoint.messages.redacted";
    private static final System.Logger LOGGER = System.getLogger(ContentPurger.class.getName());
    private static final int BATCH = 500;

    private final MessageRepository messages;
    private final Optional<Duration> retention;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong redacted = new AtomicLong();
    private final ScheduledExecutorService scheduler;

    /**
     * Creates a purger; call {@link #start()} to run it periodically.
     *
     * @param store     the store
     * @param retention how long content is kept; empty: for ever
     * @param interval  time between purges
     * @param clock     the time source
     */
    public ContentPurger(Store store, Optional<Duration> retention, Duration interval, Clock clock) {
        this.messages = new MessageRepository(store);
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("content-purger").factory());
    }

    /**
     * Reads the settings ({@code hookpoint.content} in {@code application.yaml}) and counts what is
     * redacted in {@value #METRIC}.
     *
     * @param content the {@code hookpoint.content} node
     * @param store   the store
     * @param metrics where the counter is registered
     * @param clock   the time source
     * @return the purger, not started
     * @throws IllegalArgumentException when the retention or the interval is not positive
     */
    public static ContentPurger from(Config content, Store store, ServiceMetrics metrics, Clock clock) {
        Optional<Duration> retention = HookpointConfig.optional(content.get("retention"))
                .map(text -> content.get("retention").as(Duration.class).get());
        Duration interval = content.get("purge").as(Duration.class).get();
        if (retention.isPresent() && !retention.get().isPositive() || !interval.isPositive()) {
            throw new IllegalArgumentException("hookpoint.content.retention and hookpoint.content.purge must be"
                    + " positive durations (leave hookpoint.content.retention empty to keep content for ever)");
        }
        ContentPurger purger = new ContentPurger(store, retention, interval, clock);
        metrics.count(METRIC, "Messages whose content (recipient, sender, text) was redacted after its retention",
                purger.redacted::get);
        return purger;
    }

    /** Runs {@link #purge()} every interval, the first one interval after the start; nothing when kept for ever. */
    public void start() {
        if (retention.isPresent()) {
            scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Redacts every message past the retention now, a batch per write.
     *
     * @return how many messages were redacted
     */
    public int purge() {
        if (retention.isEmpty()) {
            return 0;
        }
        int total = 0;
        int done;
        do {
            long now = clock.millis();
            done = messages.redactContent(now - retention.get().toMillis(), now, BATCH);
            total += done;
            redacted.addAndGet(done);
        } while (done == BATCH);
        return total;
    }

    /** Messages redacted by this process so far. */
    public long redacted() {
        return redacted.get();
    }

    private void purgeQuietly() {
        try {
            int done = purge();
            if (done > 0) {
                LOGGER.log(System.Logger.Level.INFO, "Redacted the content of {0} messages older than {1}", done,
                        retention.orElseThrow());
            }
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Redacting message content failed; will try again", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
