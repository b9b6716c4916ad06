package io.hookpoint.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed authentications per client address in a fixed window; an address over the threshold
 * is refused (429) until its window ends. Memory is bounded: the addresses seen least recently are
 * forgotten first.
 */
public final class FailedAuthThrottle {
    private static final int MAX_ADDRESSES = 10_000;

    private final int threshold;
    private final Duration window;
    private final Clock clock;
    private final Map<String, long[]> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /**
     * Creates the throttle.
     *
     * @param threshold failures allowed per address and window
     * @param window    the window's length
     * @param clock     the time source
     */
    public FailedAuthThrottle(int threshold, Duration window, Clock clock) {
        this.threshold = threshold;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Seconds the address must wait, or 0 when it may try.
     *
     * @param address the client address
     * @return the wait in seconds
     */
    public synchronized long retryAfterSeconds(String address) {
        long[] entry = failures.get(address);
        if (entry == null) {
            return 0;
        }
        long now = clock.millis();
        long windowEnd = entry[0] + window.toMillis();
        if (now >= windowEnd) {
            failures.remove(address);
            return 0;
        }
        return entry[1] >= threshold ? Math.max(1, (windowEnd - now + 999) / 1000) : 0;
    }

    /**
     * Records a failed authentication.
     *
     * @param address the client address
     */
    public synchronized void failed(String address) {
        long now = clock.millis();
        long[] entry = failures.get(address);
        if (entry == null || now >= entry[0] + window.toMillis()) {
            failures.put(address, new long[] {now, 1});
        } else {
            entry[1]++;
        }
    }

    /** Addresses remembered now (bounded). */
    public synchronized int size() {
        return failures.size();
    }
}
