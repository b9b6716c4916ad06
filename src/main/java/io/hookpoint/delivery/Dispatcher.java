package io.hookpoint.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.sms.Outbox;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.Store;

/**
 * The outbox's dispatcher: claims due messages under a lease, hands each to the {@link SmsGateway},
 * and records the outcome (sent, failed, or queued again after a backoff). Acceptance never waits for
 * it, so a slow or broken provider cannot slow the webhook down.
 *
 * <p>A claim is a lease: if this process dies, the messages it held are due again once the lease runs
 * out, and another dispatcher (or this one after a restart) takes them over: a message whose call was
 * under way at a crash may be sent again (providers take no idempotency key; docs/providers.md). An outcome is
 * recorded only while the lease is still this dispatcher's, and the lease is longer than any gateway
 * call, so a message is never in two gateway calls at once.
 */
public final class Dispatcher implements Outbox, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Dispatcher.class.getName());

    private final DeliveryQueue queue;
    private final OutcomeRecorder recorder;
    private final DeliverySettings settings;
    private final Clock clock;
    private final Lane lane;
    private final Attempt attempt;
    // a call may still start this long after its claim: its lease then outlives the longest call
    private final long startBudgetMillis;
    private final String owner = UUID.randomUUID().toString();
    private final Semaphore slots;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final FirstAttempts firstAttempts;
    private volatile boolean running;
    private volatile Thread loop;

    /**
     * Creates a dispatcher, whose outcomes also write what {@code changes} records in the same transaction,
     * and which checks the suppression list just before each provider call; {@link #start()} starts it.
     *
     * @param store       the store holding the outbox
     * @param gateway     the provider
     * @param settings    attempts, backoff, lease, concurrency, rate
     * @param longestCall the gateway's connect + read timeout
     * @param clock       the time source
     * @param changes     what a provider's taking or refusing a message also writes (events for Bloomreach)
     * @param optOuts     the suppression list: a message to a number on it fails instead of being sent
     */
    public Dispatcher(Store store, SmsGateway gateway, DeliverySettings settings, Duration longestCall, Clock clock,
                      StatusChanges changes, OptOutGuard optOuts) {
        this(store, gateway, settings, longestCall, clock, Lane.system("provider", settings.rate()), changes, optOuts);
    }

    private Dispatcher(Store store, SmsGateway gateway, DeliverySettings settings, Duration longestCall, Clock clock,
                       Lane lane, StatusChanges changes, OptOutGuard optOuts) {
        this.attempt = new Attempt(gateway, optOuts, settings, clock);
        this.queue = new DeliveryQueue(store, changes);
        this.recorder = new OutcomeRecorder(queue, owner, Math.max(settings.claim(), 64));
        this.settings = settings;
        this.clock = clock;
        this.lane = lane;
        this.firstAttempts = new FirstAttempts(settings.firstAttemptWait());
        // a call must end before its lease does: it starts no later than the lease minus the longest call,
        // minus a margin for the outcome's write (a tenth of the lease, at least 1 s), but keeps at least half
        // of what the lease leaves beyond the longest call (the shortest lease allowed leaves 1 s)
        Duration spare = settings.lease().minus(longestCall);
        Duration margin = settings.lease().dividedBy(10).compareTo(Duration.ofSeconds(1)) > 0
                ? settings.lease().dividedBy(10) : Duration.ofSeconds(1);
        this.startBudgetMillis = Math.max(spare.dividedBy(2).toMillis(), spare.minus(margin).toMillis());
        this.slots = new Semaphore(settings.concurrency());
    }

    /** Throttle answers from the provider so far. */
    public long throttles() {
        return lane.throttles();
    }

    /** Starts claiming and delivering in the background. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().daemon().name("sms-dispatcher").start(this::run);
    }

    @Override
    public void messagesAccepted() {
        wake();
    }

    @Override
    public boolean waitsForFirstAttempt() {
        return firstAttempts.enabled();
    }

    /**
     * Tells the dispatcher that new messages are waiting (it also polls). Every accepted request calls
     * this, so it is a compare-and-set when the dispatcher was told already (a lock here showed as
     * contention in profiles under load).
     */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            Thread waiting = loop;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /**
     * Waits for the first delivery attempt of a message, up to the configured time.
     *
     * @param messageId the message
     * @return its status after the attempt ({@code SENT}, {@code FAILED}, {@code QUEUED}), or
     *         {@code QUEUED} when the wait ran out
     */
    @Override
    public SmsStatus awaitFirstAttempt(String messageId) {
        return firstAttempts.await(messageId, () -> queue.status(messageId), this::wake);
    }

    /**
     * Claims due messages once and starts their delivery; the background loop calls this.
     *
     * @return how many messages were claimed
     */
    int dispatchDue() {
        int free = slots.availablePermits();
        int limit = lane.claimable(Math.min(free, settings.claim()));
        // while deliveries are under way, claim many at a time rather than one per freed slot: every
        // claim is a write, and the writer is shared with acceptance (a freed slot wakes the loop)
        int batch = Math.min(settings.claim(), Math.max(1, settings.concurrency() / 4));
        if (limit == 0 || limit < batch && free < settings.concurrency() && settings.rate() == 0) {
            return 0;
        }
        // the start budget counts from before the claim: the lease runs from then, however long the
        // claim waited for the writer
        long latestStart = lane.now() + Math.max(0, startBudgetMillis) * 1_000_000L;
        long now = clock.millis();
        long leaseUntil = now + settings.lease().toMillis();
        List<StoredSms> claimed = queue.claimDue(owner, now, leaseUntil, limit);
        lane.claimed(claimed.size());
        for (StoredSms sms : claimed) {
            slots.acquireUninterruptibly();
            workers.execute(() -> {
                CompletableFuture<SmsStatus> recorded;
                try {
                    recorded = deliver(sms, latestStart, leaseUntil);
                } catch (RuntimeException | Error e) {
                    slots.release();
                    wake();
                    throw e;
                }
                // the slot is freed once the outcome is committed, by the thread that committed it: this
                // one ends now instead of parking and being resumed for every message
                recorded.whenComplete((status, failure) -> {
                    firstAttempts.attempted(sms.messageId(), status);
                    slots.release();
                    wake();
                });
            });
        }
        return claimed.size();
    }

    private CompletableFuture<SmsStatus> deliver(StoredSms sms, long latestStart, long leaseUntil) {
        long started;
        try {
            started = lane.acquire(latestStart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = -1;
        }
        DeliveryQueue.Outcome outcome;
        if (started < 0) {
            // the lane is paused or paced past this claim's lease: hand the message back untried
            long now = clock.millis();
            outcome = new DeliveryQueue.Outcome(sms.messageId(), SmsStatus.QUEUED, sms.lastError(), now, null, 1, now);
        } else {
            outcome = outcome(sms, attempt.send(sms), started);
        }
        // recorded only under this very claim: a later claim of the same message (by this dispatcher too)
        // has another lease end
        return record(outcome.underLease(leaseUntil));
    }

    private DeliveryQueue.Outcome outcome(StoredSms sms, DeliveryResult result, long started) {
        long now = clock.millis();
        String id = sms.messageId();
        return switch (result) {
        case DeliveryResult.Sent sent -> new DeliveryQueue.Outcome(id, SmsStatus.SENT, null, 0, now, 0, now, sent);
        case DeliveryResult.Rejected rejected ->
                new DeliveryQueue.Outcome(id, SmsStatus.FAILED, rejected.reason(), 0, null, 0, now, null, rejected,
                        false, null);
        case DeliveryResult.Unknown lost -> new DeliveryQueue.Outcome(id, SmsStatus.FAILED, lost.reason(), 0, null, 0,
                now, null, new DeliveryResult.Rejected(lost.reason(), lost.provider(), null), true, null);
        case DeliveryResult.Failed failed when sms.attempts() >= settings.attempts() ->
                new DeliveryQueue.Outcome(id, SmsStatus.FAILED, "gave up after " + sms.attempts() + " attempts: "
                        + failed.reason(), 0, null, 0, now);
        case DeliveryResult.Failed failed -> new DeliveryQueue.Outcome(id, SmsStatus.QUEUED, failed.reason(),
                now + Math.max(settings.waitAfter(sms.attempts()).toMillis(), failed.notSooner().toMillis()), null, 0,
                now);
        case DeliveryResult.RetryLater later -> {
            // the whole lane slows down; this message waits until the lane takes calls again, and the
            // throttled call is refunded: it does not count toward giving up
            // a provider's wait is capped at the longest backoff: a wrong Retry-After cannot stop the lane
            long resume = lane.throttled(started, later.after()
                    .map(after -> after.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : after)
                    .orElse(null));
            long next = now + Math.max(0, resume - lane.now()) / 1_000_000L;
            yield new DeliveryQueue.Outcome(id, SmsStatus.QUEUED, later.reason(), next, null, 1, now);
        }
        };
    }

    // the message's status once its outcome is committed: SENDING when the write failed
    private CompletableFuture<SmsStatus> record(DeliveryQueue.Outcome outcome) {
        return recorder.record(outcome).handle((updated, failure) -> {
            if (failure != null) {
                // the lease runs out and the message is tried again: at least once, never zero times
                LOGGER.log(System.Logger.Level.WARNING, "Could not record the outcome of message "
                        + outcome.messageId(), failure);
                return SmsStatus.SENDING;
            }
            if (updated == 0) {
                LOGGER.log(System.Logger.Level.WARNING, "Lease of message {0} was lost before its outcome"
                        + " was recorded; another dispatcher took it over", outcome.messageId());
            }
            return outcome.status();
        });
    }

    private void run() {
        while (running) {
            try {
                if (dispatchDue() > 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Claiming due messages failed; will try again", e);
            }
            if (!woken.getAndSet(false) && running) {
                // a wake() after the flag was read unparks this at once (the permit is kept)
                LockSupport.parkNanos(settings.poll().toNanos());
            }
        }
    }

    /** Stops claiming, and waits a little for the deliveries under way; their leases cover the rest. */
    @Override
    public void close() {
        running = false;
        if (loop != null) {
            LockSupport.unpark(loop);
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.close();
    }
}
