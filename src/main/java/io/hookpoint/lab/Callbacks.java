package io.hookpoint.lab;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the provider sends back to Hookpoint: delivery reports and inbound replies, each a form POST signed
 * the provider's way ({@code X-Twilio-Signature}: Base64 HMAC-SHA1 of the URL and the sorted parameters), due
 * at a time of its own (so reports come late, twice, or out of order as the knobs say). A call that fails
 * (Hookpoint down, 503) is tried again half a second later until it is answered 2xx, as a provider's
 * callback retries do; while Hookpoint is killed they wait.
 */
final class Callbacks implements AutoCloseable {
    private static final int WORKERS = 64;

    private final HttpClient client;
    private final byte[] authToken;
    private final Timeline timeline;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread[] workers = new Thread[WORKERS];

    private record Pending(long dueNanos, long order, URI url, Map<String, String> form, LongConsumer acknowledged)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Pending that = (Pending) other;
            return Comparator.comparingLong(Pending::dueNanos).thenComparingLong(Pending::order).compare(this, that);
        }
    }

    Callbacks(HttpClient client, String authToken, Timeline timeline) {
        this.client = client;
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
        this.timeline = timeline;
        for (int i = 0; i < WORKERS; i++) {
            workers[i] = Thread.ofVirtual().start(this::work);
        }
    }

    /**
     * Sends a signed form later.
     *
     * @param delayMillis  in how long
     * @param url          the full URL (query included: it is signed)
     * @param form         the parameters
     * @param acknowledged told the time (epoch ms) Hookpoint answered 2xx
     */
    void post(long delayMillis, URI url, Map<String, String> form, LongConsumer acknowledged) {
        open.incrementAndGet();
        queue.add(new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis),
                sequence.incrementAndGet(), url, form, acknowledged));
    }

    /** Callbacks not yet answered 2xx. */
    int open() {
        return open.get();
    }

    /** Calls that failed and were tried again. */
    long failures() {
        return failures.get();
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending pending = queue.take();
                if (send(pending)) {
                    open.decrementAndGet();
                    timeline.count(Timeline.Hop.REPORTS, 1);
                    pending.acknowledged().accept(System.currentTimeMillis());
                } else {
                    failures.incrementAndGet();
                    queue.add(new Pending(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500),
                            pending.order(), pending.url(), pending.form(), pending.acknowledged()));
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private boolean send(Pending pending) throws InterruptedException {
        String body = pending.form().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(pending.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature(pending.url().toString(), pending.form()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Twilio's signature, written from its documentation (not Hookpoint's code, which it checks). */
    String signature(String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> data.append(e.getKey()).append(e.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        for (Thread worker : workers) {
            worker.interrupt();
        }
    }
}
