package io.hookpoint.store;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * One thread that looks at the writes waiting for the store's writer a few times per patience and lets the
 * writer fail those waiting too long. One thread for all writes, because a timed wait per write costs every
 * request a trip through the JDK's timer thread (7 % of a new key's CPU in the async-profiler profile).
 */
final class WriteWatchdog {
    private WriteWatchdog() {
    }

    /**
     * Starts the watchdog; it ends with the writer thread.
     *
     * @param patience how long a write may wait; looked at every quarter of it (10 ms to 1 s), so a write
     *                 fails at most 1.25 times its patience after it was queued
     * @param writer   the writer thread
     * @param look     fails the writes queued before the given {@link System#nanoTime()} minus the patience
     */
    static void start(Duration patience, Thread writer, LongConsumer look) {
        long every = Math.clamp(patience.toMillis() / 4, 10, 1000);
        Thread.ofPlatform().daemon().name("store-watchdog").start(() -> {
            while (writer.isAlive()) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                look.accept(System.nanoTime());
            }
        });
    }
}
