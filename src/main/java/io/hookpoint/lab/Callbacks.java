package io.hookpoint.lab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * What the provider sends back to Hookpoint: delivery reports and inbound replies, each due at a time of its
 * own (so reports come late, twice, or out of order as the knobs say), encoded and signed by the provider's
 * stub only when it goes out (a signature's timestamp is then fresh). A call that fails (Hookpoint down, 503)
 * is tried again half a second later until it is answered 2xx, as a provider's callback retries do.
 *
 * <p>Why asynchronous: one scheduler thread hands due callbacks to the shared {@link HttpClient}'s
 * {@code sendAsync}, at most {@link #IN_FLIGHT} at a time, so the lab spends no thread per waiting call and
 * the number in flight, not a worker count, bounds the pressure on Hookpoint. It also measures how long
 * Hookpoint takes to answer, which says whether Hookpoint or the lab is the limit.
 */
final class Callbacks implements AutoCloseable {
    /** Callbacks in flight at once: Hookpoint's group commit takes many in one write. */
    static final int IN_FLIGHT = 256;

    /** A callback as it goes out: URL (query included), content type, body and headers (a signature). */
    record Outgoing(URI url, String contentType, byte[] body, Map<String, String> headers) {
    }

    private final HttpClient client;
    private final Timeline timeline;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder answered = new LongAdder();
    private final LongAdder answerNanos = new LongAdder();
    private final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);
    private final Thread scheduler;

    private record Pending(long dueNanos, long order, Supplier<Outgoing> callback, LongConsumer acknowledged)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Pending that = (Pending) other;
            int byTime = Long.compare(dueNanos, that.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, that.order);
        }
    }

    Callbacks(HttpClient client, Timeline timeline) {
        this.client = client;
        this.timeline = timeline;
        this.scheduler = Thread.ofPlatform().name("lab-callbacks").daemon().start(this::schedule);
    }

    /**
     * Sends a callback later.
     *
     * @param delayMillis  in how long
     * @param callback     encodes and signs it when it goes out (each try again)
     * @param acknowledged told the time (epoch ms) Hookpoint answered 2xx
     */
    void post(long delayMillis, Supplier<Outgoing> callback, LongConsumer acknowledged) {
        open.incrementAndGet();
        queue.add(new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis),
                sequence.incrementAndGet(), callback, acknowledged));
    }

    /** Callbacks not yet answered 2xx. */
    int open() {
        return open.get();
    }

    /** Callbacks on the wire now. */
    int inFlight() {
        return IN_FLIGHT - slots.availablePermits();
    }

    /** Calls that failed and were tried again. */
    long failures() {
        return failures.get();
    }

    /** The mean time Hookpoint took to answer a callback it acknowledged, in ms (the signing included). */
    double meanAnswerMillis() {
        long n = answered.sum();
        return n == 0 ? 0 : answerNanos.sum() / 1e6 / n;
    }

    /** Callbacks acknowledged so far and the nanoseconds Hookpoint took to answer them, summed (for a window). */
    long[] answerTotals() {
        return new long[] {answered.sum(), answerNanos.sum()};
    }

    /** The longest time Hookpoint took to answer a callback, in ms. */
    double slowestAnswerMillis() {
        return slowestNanos.get() / 1e6;
    }

    private void schedule() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending pending = queue.take();
                slots.acquire();
                send(pending);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void send(Pending pending) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            Outgoing out = pending.callback().get();
            HttpRequest.Builder builder = HttpRequest.newBuilder(out.url()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", out.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
            out.headers().forEach(builder::header);
            request = builder.build();
        } catch (RuntimeException e) {
            slots.release();
            done(pending, false, start);
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            slots.release();
            done(pending, error == null && response.statusCode() / 100 == 2, start);
        });
    }

    private void done(Pending pending, boolean acknowledged, long start) {
        if (acknowledged) {
            long took = System.nanoTime() - start;
            answered.increment();
            answerNanos.add(took);
            slowestNanos.accumulate(took);
            open.decrementAndGet();
            timeline.count(Timeline.Hop.REPORTS, 1);
            pending.acknowledged().accept(System.currentTimeMillis());
        } else {
            failures.incrementAndGet();
            queue.add(new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500), pending.order(),
                    pending.callback(), pending.acknowledged()));
        }
    }

    @Override
    public void close() {
        scheduler.interrupt();
    }
}
