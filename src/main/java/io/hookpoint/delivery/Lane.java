package io.hookpoint.delivery;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The pace of one provider lane: calls start at most {@code rate} per second, evenly spaced (each call
 * reserves the next free slot, so there is no burst of a second's worth), and a throttle answer slows
 * the whole lane: a {@code Retry-After} pauses it, a throttle without one halves the rate, which then
 * recovers by a tenth per second without throttling. Rate 0 is unlimited (a throttle still pauses it
 * or sets a rate of half what it was doing). Time comes from an injected ticker and sleeper so the
 * logic is testable without a wall clock.
 */
final class Lane {
    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        /**
         * Sleeps.
         *
         * @param nanos how long
         * @throws InterruptedException when interrupted
         */
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long SECOND = 1_000_000_000L;
    // slots missed by late wake-ups may be caught up within this much: smooth, yet the rate holds
    private static final long CATCH_UP = 20_000_000L;
    private static final double RECOVERY_PER_SECOND = 1.10;
    private static final double MIN_RATE = 0.5;

    private final String name;
    private final double configuredRate;
    private final LongSupplier ticker;
    private final Sleeper sleeper;

    private double rate;          // messages/s now, 0 = unlimited
    private double ceiling;       // the rate recovery climbs back to (configured, or what unlimited did)
    private long nextSlot;        // the earliest start of the next call, ticker nanos
    private long pausedUntil;     // no call starts before this, ticker nanos
    private long lastSlowdown = Long.MIN_VALUE;
    private long lastRecovery;
    private long windowStart;     // starts counted per second, for what an unlimited lane does
    private long windowStarts;
    private double observedRate;
    private long throttles;
    private int queued;           // claimed messages that have not started their call yet

    /**
     * Creates a lane.
     *
     * @param name    the provider, for logs and metrics
     * @param rate    messages per second, 0 for unlimited
     * @param ticker  monotonic nanoseconds
     * @param sleeper how to wait
     */
    Lane(String name, double rate, LongSupplier ticker, Sleeper sleeper) {
        this.name = name;
        this.configuredRate = rate;
        this.rate = rate;
        this.ceiling = rate;
        this.ticker = ticker;
        this.sleeper = sleeper;
        long now = ticker.getAsLong();
        this.nextSlot = now;
        this.pausedUntil = now;
        this.lastRecovery = now;
        this.windowStart = now;
    }

    /** A lane on the system's monotonic clock. */
    static Lane system(String name, double rate) {
        return new Lane(name, rate, System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
    }

    /**
     * Waits for this lane's next slot to start a call.
     *
     * @param latestStart the latest ticker time a start is still useful (the caller's lease)
     * @return the ticker time the call may start at, or -1 when no slot comes before {@code latestStart}
     * @throws InterruptedException when interrupted
     */
    long acquire(long latestStart) throws InterruptedException {
        try {
            return slot(latestStart);
        } finally {
            synchronized (this) {
                queued = Math.max(0, queued - 1);
            }
        }
    }

    private long slot(long latestStart) throws InterruptedException {
        long reserved = -1;
        while (true) {
            long wait;
            synchronized (this) {
                long now = ticker.getAsLong();
                recover(now);
                if (now > latestStart) {
                    // woken too late (a loaded machine): the call could outlive the caller's lease
                    return -1;
                }
                if (now < pausedUntil) {
                    // a pause came after the slot was reserved (or before): wait for its end, then queue again
                    if (pausedUntil > latestStart) {
                        return -1;
                    }
                    reserved = -1;
                    wait = pausedUntil - now;
                } else if (reserved >= 0 && now >= reserved || rate == 0) {
                    count(now);
                    return now;
                } else if (reserved < 0) {
                    long slot = Math.max(nextSlot, now - CATCH_UP);
                    if (slot > latestStart) {
                        return -1;
                    }
                    nextSlot = slot + (long) (SECOND / rate);
                    if (slot <= now) {
                        count(now);
                        return now;
                    }
                    reserved = slot;
                    wait = slot - now;
                } else {
                    wait = reserved - now;
                }
            }
            sleeper.sleep(wait);
        }
    }

    /**
     * The provider throttled a call: pause the lane for {@code retryAfter}, or without one halve the
     * rate (once for all the calls that started before the previous slowdown took effect).
     *
     * @param startedAt  when the throttled call started (from {@link #acquire})
     * @param retryAfter the provider's wait, or null
     * @return the ticker time from which the lane takes calls again
     */
    synchronized long throttled(long startedAt, Duration retryAfter) {
        long now = ticker.getAsLong();
        throttles++;
        if (retryAfter != null) {
            pausedUntil = Math.max(pausedUntil, now + Math.max(0, retryAfter.toNanos()));
            nextSlot = Math.max(nextSlot, pausedUntil);
            return pausedUntil;
        }
        if (startedAt > lastSlowdown) {
            double from = rate > 0 ? rate : Math.max(observedRate(now), 2 * MIN_RATE);
            if (rate == 0) {
                ceiling = from;
            }
            rate = Math.max(MIN_RATE, from / 2);
            lastSlowdown = now;
            lastRecovery = now;
            nextSlot = Math.max(nextSlot, now + (long) (SECOND / rate));
        }
        return Math.max(pausedUntil, nextSlot);
    }

    private void recover(long now) {
        if (rate == 0 || rate >= ceiling && configuredRate > 0) {
            return;
        }
        long seconds = (now - lastRecovery) / SECOND;
        if (seconds <= 0) {
            return;
        }
        lastRecovery += seconds * SECOND;
        rate = rate * Math.pow(RECOVERY_PER_SECOND, seconds);
        if (rate >= ceiling) {
            rate = configuredRate;  // back to the operator's rate, or unlimited
        }
    }

    private void count(long now) {
        if (now - windowStart >= SECOND) {
            observedRate = windowStarts * (double) SECOND / (now - windowStart);
            windowStart = now;
            windowStarts = 0;
        }
        windowStarts++;
    }

    private double observedRate(long now) {
        long elapsed = now - windowStart;
        return elapsed >= SECOND / 10 ? Math.max(observedRate, windowStarts * (double) SECOND / elapsed) : observedRate;
    }

    /** The provider this lane paces. */
    String name() {
        return name;
    }

    /** Messages per second now, 0 when unlimited. */
    synchronized double rate() {
        return rate;
    }

    /** Throttle answers so far. */
    synchronized long throttles() {
        return throttles;
    }

    /** The lane's time now, ticker nanoseconds. */
    long now() {
        return ticker.getAsLong();
    }

    /**
     * How many of {@code free} delivery slots a claim should fill now: none while the lane is paused;
     * with a rate, what keeps at most a second's worth of claimed messages waiting for their slots,
     * claimed a quarter second's worth at a time (each claim is a write).
     *
     * @param free slots free in the dispatcher
     * @return messages worth claiming
     */
    synchronized int claimable(int free) {
        if (ticker.getAsLong() < pausedUntil) {
            return 0;
        }
        if (rate == 0) {
            return free;
        }
        long secondsWorth = (long) Math.ceil(rate);
        long room = secondsWorth - queued;
        return room >= Math.max(1, secondsWorth / 4) ? (int) Math.min(free, room) : 0;
    }

    /**
     * Counts messages just claimed for this lane; each {@link #acquire} takes one off.
     *
     * @param n messages claimed
     */
    synchronized void claimed(int n) {
        queued += n;
    }
}
