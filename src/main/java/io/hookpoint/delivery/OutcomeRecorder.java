package io.hookpoint.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records delivery outcomes in groups: every outcome that arrives while the previous group is being
 * written goes into the next one, a single write of the store's one writer (which acceptance shares),
 * instead of one write per message. A caller waits for its own outcome's commit, so nothing is
 * reported before it is stored.
 */
final class OutcomeRecorder implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(OutcomeRecorder.class.getName());

    private record Pending(DeliveryQueue.Outcome outcome, CompletableFuture<Integer> recorded) {
    }

    private final DeliveryQueue queue;
    private final String owner;
    private final int maxGroup;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the recorder.
     *
     * @param queue    where outcomes are written
     * @param owner    the lease holder whose outcomes these are
     * @param maxGroup the most outcomes per write
     */
    OutcomeRecorder(DeliveryQueue queue, String owner, int maxGroup) {
        this.queue = queue;
        this.owner = owner;
        this.maxGroup = maxGroup;
        this.thread = Thread.ofVirtual().name("sms-outcomes").start(this::run);
    }

    /**
     * Queues an outcome for the next group.
     *
     * @param outcome the outcome
     * @return completed after the commit with 1, or 0 when the lease was lost; failed when the write failed
     */
    CompletableFuture<Integer> record(DeliveryQueue.Outcome outcome) {
        CompletableFuture<Integer> recorded = new CompletableFuture<>();
        pending.add(new Pending(outcome, recorded));
        return recorded;
    }

    private void run() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, maxGroup - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            int[] updated = queue.recordOutcomes(owner, group.stream().map(Pending::outcome).toList());
            for (int i = 0; i < updated.length; i++) {
                group.get(i).recorded().complete(updated[i]);
            }
        } catch (RuntimeException e) {
            // their leases run out and the messages are tried again: at least once, never zero times
            LOGGER.log(System.Logger.Level.WARNING, "Could not record " + group.size() + " delivery outcomes", e);
            group.forEach(p -> p.recorded().completeExceptionally(e));
        }
    }

    /** Writes the outcomes queued so far, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
