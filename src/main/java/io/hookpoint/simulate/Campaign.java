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
import java.util.concurrent.atomic.AtomicLong;

import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.RetrySchedule;
import io.hookpoint.simulate.EndpointClient.Exchange;
import io.hookpoint.simulate.SyntheticCustomers.Customer;

/**
 * The campaign as Bloomreach Engagement runs it: customers in order, at most {@code concurrency}
 * requests in flight, and every answer read with the sender side of the status policy
 * ({@link BloomreachSender}): delivered, failed for this customer, retried on Bloomreach's schedule
 * ({@link RetrySchedule}, scaled), or the whole webhook stopped; too many unrecoverable errors abort
 * the rest. Every n-th delivered request is sent again with the same key and body, half of them after
 * the answer (as if it had timed out) and half at the same time as the original, and the two answers
 * are compared. What the answers mean for the result is booked by {@link Outcomes}.
 */
final class Campaign {
    private final SimulationOptions options;
    private final Transport client;
    private final SyntheticCustomers customers;
    private final String authorization;
    private final RetrySchedule schedule;
    private final Random jitter;
    private final Semaphore inFlight;
    private final Outcomes outcomes;

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

    /**
     * One request of the campaign: one customer's message, or a batch of them.
     *
     * @param batch     whether it is a batch request
     * @param first     the number of its first customer
     * @param send      which of each customer's messages it carries (1 for the first)
     * @param customers its customers
     * @param key       the Idempotency-Key header, or null (batches carry a key per item)
     * @param body      the JSON body
     */
    record Unit(boolean batch, int first, int send, List<Customer> customers, String key, String body) {
        /** The request's customers in words, for the report's notes. */
        String describe() {
            String message = send > 1 ? ", message " + send : "";
            return batch ? "batch of customers " + first + ".." + (first + customers.size() - 1) + message
                    : "customer " + first + (customers.getFirst().badData()
                    ? " (" + customers.getFirst().problem() + ")" : "") + message;
        }
    }

    /**
     * A request after its retries.
     *
     * @param exchange  the last exchange, or null when cancelled before the first
     * @param reaction  Bloomreach's reaction to it, or null likewise
     * @param attempts  how many times it was sent
     * @param cancelled whether the campaign stopped or was aborted before it was settled
     */
    record Settled(Exchange exchange, BloomreachReaction reaction, int attempts, boolean cancelled) {
    }

    Campaign(SimulationOptions options, Transport client, SyntheticCustomers customers) {
        this.options = options;
        this.client = client;
        this.customers = customers;
        this.authorization = EndpointClient.basic(options.user(), options.password());
        this.schedule = options.batches() ? RetrySchedule.batch(options.batchSize()) : RetrySchedule.perCustomer();
        this.jitter = new Random(options.seed());
        this.inFlight = new Semaphore(options.concurrency());
        this.outcomes = new Outcomes(options);
    }

    Latencies latencies() {
        return outcomes.latencies();
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
                    if (outcomes.halted()) {
                        outcomes.cancelled(unit);
                        continue;
                    }
                    inFlight.acquire();
                    if (outcomes.halted()) {
                        inFlight.release();
                        outcomes.cancelled(unit);
                        continue;
                    }
                    threads.submit(() -> deliver(unit));
                }
            }
        }
        outcomes.result().seconds = (System.nanoTime() - started) / 1e9;
        if (reporter != null) {
            reporter.interrupt();
            line(progress, started);
        }
        return outcomes.result();
    }

    private Unit unit(int first, int count, int send) {
        List<Customer> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(customers.customer(first + i, send));
        }
        if (options.batches()) {
            return new Unit(true, first, send, list, null, customers.batchBody(list));
        }
        return new Unit(false, first, send, list, customers.key(list.getFirst()), customers.body(list.getFirst()));
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
        if (settled.cancelled()) {
            outcomes.cancelled(unit);
        } else {
            outcomes.book(unit, settled);
            inFlight.release();
        }
        try {
            if (twin != null) {
                Settled other = twin.get();
                if (!other.cancelled()) {
                    inFlight.release();
                }
                outcomes.compare(unit, settled, other, "sent twice at once");
                // of two copies sent at once either may be processed first: the other is its replay
                outcomes.repeat(unit, RepeatSends.lessSwallowed(settled.exchange(), other.exchange()));
            } else {
                outcomes.repeat(unit, settled.exchange());
                if (duplicate && settled.reaction() == BloomreachReaction.DELIVERED) {
                    Settled again = settle(unit, false);
                    if (!again.cancelled()) {
                        inFlight.release();
                    }
                    outcomes.compare(unit, settled, again, "sent again after the answer");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            outcomes.duplicateFailed(unit, e.getCause());
        } finally {
            if (twinThread != null) {
                twinThread.close();
            }
        }
    }

    // sends until Bloomreach would stop retrying, waiting its (scaled) schedule between attempts
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
            if (attempt > 1 && outcomes.halted()) {
                inFlight.release();
                // cancelled: the slot is given back here
                return new Settled(exchange, reaction, attempt - 1, true);
            }
            exchange = client.post(options.url(), authorization, unit.key(), unit.body());
            outcomes.record(exchange);
            reaction = exchange.answered() ? BloomreachSender.react(exchange.status())
                    : BloomreachSender.reactToTransportFailure();
            if (reaction != BloomreachReaction.RETRY || attempt > schedule.maxRetries()) {
                // still holding the slot: the caller books the outcome (a stop, say) before the next starts
                return new Settled(exchange, reaction, attempt, false);
            }
            inFlight.release();
            holding = false;
            outcomes.result().retryRequests.incrementAndGet();
            long wait = Math.round(schedule.delay(attempt, jitter).toMillis() * options.timeScale());
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Settled(exchange, reaction, attempt, true);
            }
        }
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
        Result result = outcomes.result();
        long settled = result.delivered.get() + result.failed.get() + result.stopped.get() + result.aborted.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf("simulate: %d/%d messages, %.0f messages/s, %d requests, p99 %.0f ms, %d retries%n",
                settled, (long) options.customers() * options.sendsPerCustomer(), settled / Math.max(seconds, 0.001), result.requests.get(),
                outcomes.latencies().percentile(99), result.retryRequests.get());
    }
}
