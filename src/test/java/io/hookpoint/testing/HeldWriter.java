package io.hookpoint.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.hookpoint.store.Store;

import static org.assertj.core.api.Assertions.assertThat;

/** A write of the test's own that keeps the store's writer thread busy until released (at most 10 s). */
public final class HeldWriter {
    private HeldWriter() {
    }

    /**
     * Holds the writer: returns once the writer thread runs the holding write.
     *
     * @param threads where the holding write's caller waits
     * @param store   the store
     * @param release counted down to let the writer go on
     * @return the holding write's result (true when it was released in time)
     * @throws InterruptedException when interrupted while waiting for the writer to take it
     */
    public static Future<?> hold(ExecutorService threads, Store store, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<?> held = threads.submit(() -> store.write(handle -> {
            holding.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return held;
    }
}
