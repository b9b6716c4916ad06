package io.hookpoint.lab;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Messages per second at each hop of the chain, counted as they happen, for the report and the picture. */
final class Timeline {
    /** The hops, in the order of the chain. */
    enum Hop {
        WEBHOOKS("webhooks answered"), PROVIDER("provider calls taken"), REPORTS("reports and replies acknowledged"),
        EVENTS("events at Bloomreach");

        final String label;

        Hop(String label) {
            this.label = label;
        }
    }

    private final long startMillis = System.currentTimeMillis();
    private final Map<Hop, Map<Long, LongAdder>> counts = new ConcurrentHashMap<>();
    private final Map<Hop, LongAdder> totals = new ConcurrentHashMap<>();
    private final Map<String, Long> marks = new ConcurrentHashMap<>();

    long startMillis() {
        return startMillis;
    }

    /** Seconds since the lab started. */
    double seconds() {
        return (System.currentTimeMillis() - startMillis) / 1000.0;
    }

    void count(Hop hop, long n) {
        long second = (System.currentTimeMillis() - startMillis) / 1000;
        counts.computeIfAbsent(hop, h -> new ConcurrentHashMap<>()).computeIfAbsent(second, s -> new LongAdder()).add(n);
        totals.computeIfAbsent(hop, h -> new LongAdder()).add(n);
    }

    long total(Hop hop) {
        LongAdder total = totals.get(hop);
        return total == null ? 0 : total.sum();
    }

    /** The count per second of a hop, by second since the start. */
    TreeMap<Long, Long> series(Hop hop) {
        TreeMap<Long, Long> series = new TreeMap<>();
        counts.getOrDefault(hop, Map.of()).forEach((s, n) -> series.put(s, n.sum()));
        return series;
    }

    /** Notes when something happened (a kill, an outage), in seconds since the start. */
    void mark(String what) {
        marks.put(what, System.currentTimeMillis() - startMillis);
    }

    Map<String, Long> marks() {
        return new TreeMap<>(marks);
    }
}
