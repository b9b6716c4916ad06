package io.hookpoint.simulate;

import java.util.Arrays;

/** Request latencies of a run, in milliseconds; thread-safe. */
final class Latencies {
    private double[] values = new double[1024];
    private int size;

    synchronized void add(double millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    synchronized int count() {
        return size;
    }

    /**
     * A percentile, nearest rank.
     *
     * @param percent 0..100
     * @return the latency, or 0 when nothing was recorded
     */
    double percentile(double percent) {
        double[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(values, size);
        }
        if (sorted.length == 0) {
            return 0;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
