package io.hookpoint.simulate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.RetrySchedule;
import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.simulate.SyntheticCustomers.Customer;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The campaign as Bloomreach Engagement runs it: customers in order, at most {@code concurrency}
 * requests in flight, and every answer read with the sender side of the status policy
 * ({@link BloomreachSender}): delivered, failed for this customer, retried on Bloomreach's schedule
 * ({@link RetrySchedule}, scaled), or the whole webhook stopped; too many unrecoverable errors abort
 * the rest. Every n-th delivered request is sent again with the same key and body, half of them after
 * the answer (as if it had timed out) and half at the same time as the original, and the two answers
 * are compared.
 */
final class Campaign {
    private final SimulationOptions options;
    private final Transport client;
    private final SyntheticCustomers customers;
    private final String authorization;
    private final RetrySchedule schedule;
    private final Random jitter;
    private final Semaphore inFlight;
    private final Latencies latencies = new Latencies();
    private final Result result = new Result();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();

    /** What happened; counts are of customers unless they say requests. */
    static final class Result {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong deliveredWithErrors = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong stopped = new AtomicLong();
        final AtomicLong aborted = new AtomicLong();
        final AtomicLong customersRetried = new AtomicLong();
        final AtomicLong retryRequests = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong connectionErrors = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong jsonAnswers = new AtomicLong();
        final AtomicLong unrecoverable = new AtomicLong();
        final AtomicLong badData = new AtomicLong();
        final AtomicLong badDataAnswered2xx = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong duplicatesConsistent = new AtomicLong();
        final AtomicLong repeatSends = new AtomicLong();
        final AtomicLong repeatSent = new AtomicLong();
        final AtomicLong repeatReplayed = new AtomicLong();
        final AtomicLong repeatKeyReused = new AtomicLong();
        final List<String> repeatProblems = new ArrayList<>();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        final List<String> badDataProblems = new ArrayList<>();
        final List<String> duplicateProblems = new ArrayList<>();
        final List<String> nonJson = new ArrayList<>();
        volatile String stopReason;
        volatile String abortReason;
        volatile double seconds;

        synchronized void note(List<String> list, String problem) {
            if (list.size() < 5) {
                list.add(problem);
            }
        }
    }

    private record Unit(int first, int send, List<Customer> customers, String key, String body) {
    }

    private record Settled(Exchange exchange, BloomreachReaction reaction, int attempts, boolean cancelled) {
    }

    Campaign(SimulationOptions options, Transport client, SyntheticCustomers customers) {
        this.options = options;
        this.client = client;
        this.customers = customers;
        this.authorization = EndpointClient.basic(options.user(), options.password());
        this.schedule = options.batches() ? RetrySchedule.batch(options.batchSize()) : RetrySchedule.perCustomer();
        this.jitter = new Random(options.seed());
        this.inFlight = new Semaphore(options.concurrency());
    }

    Latencies latencies() {
        return latencies;
    }

    /**
     * Runs the campaign to its end.
     *
     * @param progress where progress lines go, or null
     * @return what happened
     * @throws InterruptedException when interrupted
     */
    Result run(PrintWriter progress) throws InterruptedException {
        long started = System.nanoTime();
        int perRequest = options.batches() ? options.batchSize() : 1;
        Thread reporter = progress == null ? null : Thread.ofPlatform().daemon().start(() -> report(progress, started));
        // one round per message: the second order (or the next run of a recurring scenario) comes later
        for (int send = 1; send <= options.sendsPerCustomer(); send++) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int first = 1; first <= options.customers(); first += perRequest) {
                    Unit unit = unit(first, Math.min(perRequest, options.customers() - first + 1), send);
                    if (stopped.get() || aborted.get()) {
                        cancelled(unit);
                        continue;
                    }
                    inFlight.acquire();
                    if (stopped.get() || aborted.get()) {
                        inFlight.release();
                        cancelled(unit);
                        continue;
                    }
                    threads.submit(() -> deliver(unit));
                }
            }
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        if (reporter != null) {
            reporter.interrupt();
            line(progress, started);
        }
        return result;
    }

    private Unit unit(int first, int count, int send) {
        List<Customer> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(customers.customer(first + i, send));
        }
        if (options.batches()) {
            return new Unit(first, send, list, null, customers.batchBody(list));
        }
        return new Unit(first, send, list, customers.key(list.getFirst()), customers.body(list.getFirst()));
    }

    // the caller holds a slot for the first attempt
    private void deliver(Unit unit) {
        int number = unit.first() / (options.batches() ? options.batchSize() : 1);
        boolean duplicate = options.duplicateEvery() > 0 && number % options.duplicateEvery() == 0;
        boolean together = duplicate && (number / options.duplicateEvery()) % 2 == 0;
        Future<Settled> twin = null;
        ExecutorService twinThread = null;
        if (together) {
            twinThread = Executors.newVirtualThreadPerTaskExecutor();
            twin = twinThread.submit(() -> settle(unit, false));
        }
        Settled settled = settle(unit, true);
        int size = unit.customers().size();
        if (settled.cancelled()) {
            cancelled(unit);
        } else {
            book(unit, settled, size);
            inFlight.release();
        }
        try {
            if (twin != null) {
                Settled other = twin.get();
                if (!other.cancelled()) {
                    inFlight.release();
                }
                compare(unit, settled, other, "sent twice at once");
                // of two copies sent at once either may be processed first: the other is its replay
                countRepeat(unit, RepeatSends.lessSwallowed(settled.exchange(), other.exchange()));
            } else {
                countRepeat(unit, settled.exchange());
                if (duplicate && settled.reaction() == BloomreachReaction.DELIVERED) {
                    Settled again = settle(unit, false);
                    if (!again.cancelled()) {
                        inFlight.release();
                    }
                    compare(unit, settled, again, "sent again after the answer");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            result.note(result.duplicateProblems, describe(unit) + ": duplicate failed: " + e.getCause());
        } finally {
            if (twinThread != null) {
                twinThread.close();
            }
        }
    }

    private void countRepeat(Unit unit, Exchange exchange) {
        if (unit.send() > 1) {
            RepeatSends.count(result, describe(unit), exchange, unit.customers().size());
        }
    }

    private void book(Unit unit, Settled settled, int size) {
        if (settled.attempts() > 1) {
            result.customersRetried.addAndGet(size);
        }
        checkBadData(unit, settled.exchange());
        switch (settled.reaction()) {
        case DELIVERED -> {
            result.delivered.addAndGet(size);
            result.deliveredWithErrors.addAndGet(unsuccessful(settled.exchange()));
        }
        case STOP -> {
            result.failed.addAndGet(size);
            if (stopped.compareAndSet(false, true)) {
                result.stopReason = describe(unit) + " was answered " + settled.exchange().status()
                        + ": Bloomreach stops the webhook for all chunks";
            }
        }
        default -> {
            result.failed.addAndGet(size);
            if (result.unrecoverable.addAndGet(size) >= options.abortAfter() && aborted.compareAndSet(false, true)) {
                result.abortReason = result.unrecoverable.get() + " unrecoverable errors (limit "
                        + options.abortAfter() + "), the last: " + describe(unit) + " "
                        + (settled.exchange().answered() ? "answered " + settled.exchange().status()
                        : settled.exchange().failure()) + (settled.reaction() == BloomreachReaction.RETRY
                        ? " after " + settled.attempts() + " attempts" : "");
            }
        }
        }
    }

    private Settled settle(Unit unit, boolean holdsSlot) {
        boolean holding = holdsSlot;
        Exchange exchange = null;
        BloomreachReaction reaction = null;
        int attempt = 0;
        while (true) {
            attempt++;
            if (!holding) {
                inFlight.acquireUninterruptibly();
            }
            if (attempt > 1 && (stopped.get() || aborted.get())) {
                inFlight.release();
                // cancelled: the slot is given back here
                return new Settled(exchange, reaction, attempt - 1, true);
            }
            exchange = client.post(options.url(), authorization, unit.key(), unit.body());
            record(exchange);
            reaction = exchange.answered() ? BloomreachSender.react(exchange.status())
                    : BloomreachSender.reactToTransportFailure();
            if (reaction != BloomreachReaction.RETRY || attempt > schedule.maxRetries()) {
                // still holding the slot: the caller books the outcome (a stop, say) before the next starts
                return new Settled(exchange, reaction, attempt, false);
            }
            inFlight.release();
            holding = false;
            result.retryRequests.incrementAndGet();
            long wait = Math.round(schedule.delay(attempt, jitter).toMillis() * options.timeScale());
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Settled(exchange, reaction, attempt, true);
            }
        }
    }

    private void record(Exchange exchange) {
        result.requests.incrementAndGet();
        latencies.add(exchange.millis());
        String status = exchange.answered() ? String.valueOf(exchange.status())
                : exchange.timedOut() ? "timeout" : "connection error";
        result.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (!exchange.answered()) {
            (exchange.timedOut() ? result.timeouts : result.connectionErrors).incrementAndGet();
            return;
        }
        result.answers.incrementAndGet();
        if (json(exchange) != null) {
            result.jsonAnswers.incrementAndGet();
        } else {
            result.note(result.nonJson, exchange.status() + " " + exchange.contentType() + ": "
                    + abbreviate(exchange.body()));
        }
    }

    private void checkBadData(Unit unit, Exchange exchange) {
        long bad = unit.customers().stream().filter(Customer::badData).count();
        if (bad == 0) {
            return;
        }
        result.badData.addAndGet(bad);
        if (exchange.answered() && exchange.status() >= 200 && exchange.status() < 300) {
            result.badDataAnswered2xx.addAndGet(bad);
        } else {
            Customer first = unit.customers().stream().filter(Customer::badData).findFirst().orElseThrow();
            result.note(result.badDataProblems, first.id() + " (" + first.problem() + ") got "
                    + (exchange.answered() ? exchange.status() + " " + abbreviate(exchange.body()) : exchange.failure()));
        }
    }

    private void compare(Unit unit, Settled original, Settled duplicate, String how) {
        result.duplicates.incrementAndGet();
        Exchange a = original.exchange();
        Exchange b = duplicate.exchange();
        boolean same = a != null && b != null && a.answered() && b.answered() && a.status() == b.status()
                && sameBody(a, b);
        if (same) {
            result.duplicatesConsistent.incrementAndGet();
        } else {
            result.note(result.duplicateProblems, describe(unit) + " " + how + ": "
                    + summary(a) + " vs " + summary(b));
        }
    }

    // equal bodies; as JSON, a "replayed" marker may differ (Hookpoint's batch items carry one)
    private static boolean sameBody(Exchange a, Exchange b) {
        JsonValue x = json(a);
        JsonValue y = json(b);
        if (x == null || y == null) {
            return a.body().equals(b.body());
        }
        return withoutReplayed(x).equals(withoutReplayed(y));
    }

    private static JsonValue withoutReplayed(JsonValue value) {
        if (value instanceof JsonObject object) {
            var copy = JsonBodies.JSON.createObjectBuilder();
            object.forEach((name, member) -> {
                if (!name.equals("replayed")) {
                    copy.add(name, withoutReplayed(member));
                }
            });
            return copy.build();
        }
        if (value instanceof JsonArray array) {
            var copy = JsonBodies.JSON.createArrayBuilder();
            array.forEach(item -> copy.add(withoutReplayed(item)));
            return copy.build();
        }
        return value;
    }

    private static long unsuccessful(Exchange exchange) {
        JsonValue body = json(exchange);
        if (!(body instanceof JsonObject object)) {
            return 0;
        }
        if (object.get("results") instanceof JsonArray items) {
            return items.stream().filter(item -> item instanceof JsonObject o && o.get("success") == JsonValue.FALSE)
                    .count();
        }
        return object.get("success") == JsonValue.FALSE ? 1 : 0;
    }

    static JsonValue json(Exchange exchange) {
        if (exchange == null || !exchange.answered() || exchange.body().isBlank()) {
            return null;
        }
        try {
            return JsonBodies.parse(exchange.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JsonBodies.MalformedJsonException e) {
            return null;
        }
    }

    private void cancelled(Unit unit) {
        (aborted.get() ? result.aborted : result.stopped).addAndGet(unit.customers().size());
    }

    private String describe(Unit unit) {
        String send = unit.send() > 1 ? ", message " + unit.send() : "";
        return options.batches() ? "batch of customers " + unit.first() + ".." + (unit.first() + unit.customers().size() - 1)
                + send : "customer " + unit.first() + (unit.customers().getFirst().badData()
                ? " (" + unit.customers().getFirst().problem() + ")" : "") + send;
    }

    private static String summary(Exchange exchange) {
        if (exchange == null) {
            return "no answer";
        }
        return exchange.answered() ? exchange.status() + " " + abbreviate(exchange.body()) : exchange.failure();
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }

    private void report(PrintWriter progress, long started) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.SECONDS.sleep(1);
                line(progress, started);
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    private void line(PrintWriter progress, long started) {
        long settled = result.delivered.get() + result.failed.get() + result.stopped.get() + result.aborted.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf("simulate: %d/%d messages, %.0f messages/s, %d requests, p99 %.0f ms, %d retries%n",
                settled, (long) options.customers() * options.sendsPerCustomer(), settled / Math.max(seconds, 0.001), result.requests.get(),
                latencies.percentile(99), result.retryRequests.get());
    }
}
