package io.hookpoint.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a provider stub saw of Hookpoint's calls: every call it answered, how many are under way, and when
 * the last one began, so that the lab can wait for the stub to go quiet after a kill.
 */
final class ProviderCalls {
    private final List<ProviderStub.Call> calls = new ArrayList<>();
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile long lastStartMillis;

    /** A call begins; {@link #ended()} must follow. */
    long began() {
        long start = System.currentTimeMillis();
        underWay.incrementAndGet();
        lastStartMillis = start;
        return start;
    }

    /** A call that began has ended, answered or not. */
    void ended() {
        underWay.decrementAndGet();
    }

    /** A send answered. */
    void add(ProviderStub.Call call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    List<ProviderStub.Call> all() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    int underWay() {
        return underWay.get();
    }

    /**
     * Waits until no call is under way and none has begun for {@code quietMillis}, at most {@code maxMillis}:
     * after a kill, the dead process's last requests may still sit in the stub's sockets (TLS and parsing go
     * through the server's one dispatcher thread, hundreds of milliseconds behind on a loaded machine).
     *
     * @return whether it went quiet in time
     */
    boolean awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (System.currentTimeMillis() < deadline) {
            if (underWay.get() == 0 && System.currentTimeMillis() - lastStartMillis >= quietMillis) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
