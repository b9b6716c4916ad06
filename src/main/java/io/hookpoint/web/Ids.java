package io.hookpoint.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for requests and messages. They need to be unique, not secret (every look-up is scoped to the
 * authenticated user), so they come from {@link ThreadLocalRandom} rather than the shared, locked
 * SecureRandom behind {@link UUID#randomUUID()}, which is slow on the request path.
 */
public final class Ids {
    private Ids() {
    }

    /**
     * A random UUID (version 4 layout).
     *
     * @return the id
     */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * A UUID that sorts by creation time (version 7 layout: milliseconds first, then random bits), so
     * that new rows land at the end of the primary key's index.
     *
     * @return the id
     */
    public static String timeOrdered() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
