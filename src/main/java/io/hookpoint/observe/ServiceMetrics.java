package io.hookpoint.observe;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * The service's metrics, written in the Prometheus text format: request counts by operation and
 * status, latency histograms by operation, replays, 422s, shed requests, and whatever the store and
 * the outbox report when scraped.
 */
public final class ServiceMetrics {
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong keyReused = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final Map<String, Supplier<Map<String, Number>>> gauges = new ConcurrentHashMap<>();

    /** A latency histogram with fixed buckets, in seconds. */
    private static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length);
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong sumNanos = new AtomicLong();

        void record(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts.incrementAndGet(i);
                }
            }
            total.incrementAndGet();
            sumNanos.addAndGet(nanos);
        }
    }

    /**
     * Records one answered request.
     *
     * @param operation the contract's operation id, or {@code other}
     * @param status    the HTTP status sent
     * @param nanos     time from arrival to the answer
     */
    public void request(String operation, int status, long nanos) {
        requests.computeIfAbsent(operation + "\u0000" + status, k -> new AtomicLong()).incrementAndGet();
        latency.computeIfAbsent(operation, k -> new Histogram()).record(nanos);
    }

    /** Counts an answer that was a stored answer sent again. */
    public void replay() {
        replays.incrementAndGet();
    }

    /** Counts a key reused with another payload (422). */
    public void keyReused() {
        keyReused.incrementAndGet();
    }

    /** Counts a request refused because too many were in flight. */
    public void shed() {
        shed.incrementAndGet();
    }

    /**
     * Adds values read at each scrape.
     *
     * @param name   metric name
     * @param values label value (or "" for none) -> number, computed at scrape time
     */
    public void gauge(String name, Supplier<Map<String, Number>> values) {
        gauges.put(name, values);
    }

    /**
     * The metrics in the Prometheus text exposition format.
     *
     * @return the text
     */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE hookpoint_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("hookpoint_requests_total{operation=\"").append(parts[0]).append("\",status=\"")
                    .append(parts[1]).append("\"} ").append(count.get()).append('\n');
        });
        out.append("# TYPE hookpoint_request_seconds histogram\n");
        new TreeMap<>(latency).forEach((operation, histogram) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("hookpoint_request_seconds_bucket{operation=\"").append(operation).append("\",le=\"")
                        .append(BUCKETS[i]).append("\"} ").append(histogram.counts.get(i)).append('\n');
            }
            out.append("hookpoint_request_seconds_bucket{operation=\"").append(operation).append("\",le=\"+Inf\"} ")
                    .append(histogram.total.get()).append('\n');
            out.append("hookpoint_request_seconds_count{operation=\"").append(operation).append("\"} ")
                    .append(histogram.total.get()).append('\n');
            out.append("hookpoint_request_seconds_sum{operation=\"").append(operation).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", histogram.sumNanos.get() / 1e9)).append('\n');
        });
        counter(out, "hookpoint_idempotent_replays_total", replays.get());
        counter(out, "hookpoint_idempotency_key_reused_total", keyReused.get());
        counter(out, "hookpoint_shed_requests_total", shed.get());
        new TreeMap<>(gauges).forEach((name, values) -> {
            Map<String, Number> read;
            try {
                read = values.get();
            } catch (RuntimeException e) {
                return; // a source that cannot answer now (the store is down) is left out of this scrape
            }
            out.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n");
            new TreeMap<>(read).forEach((label, value) -> {
                out.append(name);
                if (!label.isEmpty()) {
                    out.append('{').append(label).append('}');
                }
                out.append(' ').append(value).append('\n');
            });
        });
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, long value) {
        out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }
}
