package io.hookpoint.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The service's meters in a Helidon {@link MeterRegistry} (Micrometer underneath), which
 * {@code /observe/metrics} writes in the Prometheus text format: request counts by operation and
 * status, latency histograms by operation, replays, 422s, shed requests, and whatever the store and the
 * outbox report when scraped.
 */
public final class ServiceMetrics implements AutoCloseable {
    // the buckets operators' dashboards were built on (seconds)
    private static final Duration[] BUCKETS = durations(
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    // Micrometer holds a function counter's source weakly: a method reference alone would be collected
    private final List<Object> sources = new CopyOnWriteArrayList<>();
    // a request looks its meters up here, not through a builder and the registry's id map
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Counter replays;
    private final Counter keyReused;
    private final Counter shed;

    /**
     * Creates the meters in Helidon's global registry, the one {@code /observe/metrics} serves. (Every
     * Helidon registry writes through Micrometer's global one, so a registry per service would not keep
     * two services in one JVM apart either; {@link #close()} removes a closed service's meters.)
     */
    public ServiceMetrics() {
        this(Metrics.globalRegistry());
    }

    /**
     * Creates the meters in the given registry.
     *
     * @param registry where the meters live
     */
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.replays = add(Counter.builder("hookpoint.idempotent.replays")
                .description("Answers that were a stored answer sent again"));
        this.keyReused = add(Counter.builder("hookpoint.idempotency.key.reused")
                .description("Idempotency keys reused with another payload (422)"));
        this.shed = add(Counter.builder("hookpoint.shed.requests")
                .description("API requests refused because too many were in flight (503)"));
    }

    /** The registry the meters live in (the metrics observer serves it). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Records one answered request.
     *
     * @param operation the contract's operation id, or {@code other}
     * @param status    the HTTP status sent
     * @param nanos     time from arrival to the answer
     */
    public void request(String operation, int status, long nanos) {
        requests.computeIfAbsent(operation + ' ' + status, k -> add(
                Counter.builder("hookpoint.requests")
                        .description("Answered requests by operation and status")
                        .tags(List.of(Tag.create("operation", operation), Tag.create("status", String.valueOf(status))))))
                .increment();
        latency.computeIfAbsent(operation, k -> add(
                Timer.builder("hookpoint.request")
                        .description("Time from a request's arrival to its answer")
                        // no client-side percentiles (Helidon's default is six): Prometheus computes them
                        // from the buckets, and the sliding windows cost CPU on every request
                        .percentiles(new double[0])
                        .buckets(BUCKETS)
                        .tags(List.of(Tag.create("operation", operation)))))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts an answer that was a stored answer sent again. */
    public void replay() {
        replays.increment();
    }

    /** Counts a key reused with another payload (422). */
    public void keyReused() {
        keyReused.increment();
    }

    /** Counts a request refused because too many were in flight. */
    public void shed() {
        shed.increment();
    }

    /**
     * Adds a value read at each scrape.
     *
     * @param name        meter name, dotted ({@code hookpoint.store.pending.writes})
     * @param description what it is
     * @param value       computed at scrape time
     */
    public void gauge(String name, String description, Supplier<Number> value) {
        add(Gauge.builder(name, value, ServiceMetrics::read).description(description));
    }

    /**
     * Adds a count that only grows, kept elsewhere and read at each scrape (Prometheus adds {@code _total}).
     *
     * @param name        meter name, dotted, without {@code total}
     * @param description what it counts
     * @param count       computed at scrape time
     */
    public void count(String name, String description, Supplier<Long> count) {
        sources.add(count);
        add(FunctionalCounter.builder(name, count, Supplier::get).description(description));
    }

    /**
     * Adds one gauge per label value, all read from one snapshot per scrape (one query, not one per value).
     *
     * @param name        meter name, dotted
     * @param description what it is
     * @param label       the label's name
     * @param values      every value the label takes
     * @param snapshot    label value -> number, computed at scrape time
     */
    public void gauges(String name, String description, String label, List<String> values,
                       Supplier<Map<String, ? extends Number>> snapshot) {
        Snapshot<Map<String, ? extends Number>> shared = new Snapshot<>(snapshot);
        for (String value : values) {
            add(Gauge.builder(name, () -> {
                Map<String, ? extends Number> read = shared.get();
                Number n = read == null ? null : read.get(value);
                return read == null ? Double.NaN : n == null ? 0 : n.doubleValue();
            }, ServiceMetrics::read).description(description).tags(List.of(Tag.create(label, value))));
        }
    }

    /** Removes this service's meters from the registry (a later service in this JVM starts from zero). */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private <M extends Meter, B extends Meter.Builder<B, M>> M add(B builder) {
        M meter = registry.getOrCreate(builder);
        meters.add(meter);
        return meter;
    }

    private static double read(Supplier<? extends Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN; // a source that cannot answer now (the store is down)
        }
    }

    private static Duration[] durations(double... seconds) {
        Duration[] result = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            result[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return result;
    }

    /** A value computed at most once per second, so that the gauges of one scrape share one read. */
    private static final class Snapshot<T> {
        private static final long MAX_AGE_NANOS = 1_000_000_000L;
        private final Supplier<T> source;
        private T value;
        private long readAt;

        Snapshot(Supplier<T> source) {
            this.source = source;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - readAt > MAX_AGE_NANOS) {
                try {
                    value = source.get();
                } catch (RuntimeException e) {
                    value = null;
                }
                readAt = now;
            }
            return value;
        }
    }
}
