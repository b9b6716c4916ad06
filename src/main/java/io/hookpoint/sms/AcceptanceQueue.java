package io.hookpoint.sms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.hookpoint.store.Store;
import io.hookpoint.store.StoreUnavailableException;

import org.jdbi.v3.core.Handle;

/**
 * Single requests waiting for the store's writer at the same moment, decided in one write with the batch's
 * statements of many rows; each request gets its own decision after the commit, as if it had been written alone.
 *
 * <p>The first request to find no combined write scheduled schedules one ({@link Store#write}) and leads it:
 * when the writer runs it, it takes every request that joined by then, and once it returned (committed) the
 * leader hands each request its decision. If the combined write fails, each request runs again alone, so that
 * one request's failure is not the others'; a failure of the store itself (closed, commit failed, busy past its
 * timeout) is each request's as it would have been alone.
 *
 * @param <P> a request ready for the writer
 * @param <D> what was decided for it
 */
final class AcceptanceQueue<P, D> {
    /** Decides one user's requests in one write, one decision per request, in order. */
    @FunctionalInterface
    interface Combined<P, D> {
        List<D> decideAll(Handle handle, String user, List<P> requests);
    }

    /** Decides one request alone. */
    @FunctionalInterface
    interface Single<P, D> {
        D decide(Handle handle, String user, P request);
    }

    private static final RuntimeException RUN_ALONE = new RuntimeException("run alone", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private record Pending<P, D>(String user, P request, CompletableFuture<D> decision) {
    }

    /** One combined write: the requests it took (guarded by the queue's lock) and how its last run ended. */
    private static final class Combination<P, D> {
        List<Pending<P, D>> taken;
        boolean abandoned;
        volatile RuntimeException failure;
    }

    private final Store store;
    private final Combined<P, D> combined;
    private final Single<P, D> single;
    private final Function<P, String> order;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Pending<P, D>> pending = new ArrayList<>();
    private Combination<P, D> scheduled;

    /**
     * Creates the queue.
     *
     * @param store    the store
     * @param combined decides one user's requests together
     * @param single   decides one request alone
     * @param order    a request's key: a user's requests are decided in its order (a stable sort)
     */
    AcceptanceQueue(Store store, Combined<P, D> combined, Single<P, D> single, Function<P, String> order) {
        this.store = store;
        this.combined = combined;
        this.single = single;
        this.order = order;
    }

    /**
     * Decides one request, in a write shared with the requests waiting at the same time; returns after its commit.
     *
     * @throws StoreUnavailableException as {@link Store#write} would for this request alone
     */
    D decide(String user, P request) {
        Pending<P, D> mine = new Pending<>(user, request, new CompletableFuture<>());
        Combination<P, D> leading = null;
        lock.lock();
        try {
            pending.add(mine);
            if (scheduled == null) {
                scheduled = new Combination<>();
                leading = scheduled;
            }
        } finally {
            lock.unlock();
        }
        if (leading != null) {
            lead(leading, mine);
        }
        try {
            return Store.awaitCommit(mine.decision());
        } catch (RuntimeException e) {
            if (e != RUN_ALONE) {
                throw e;
            }
            return store.write(handle -> single.decide(handle, user, request));
        }
    }

    private void lead(Combination<P, D> combination, Pending<P, D> mine) {
        List<D> decisions;
        try {
            decisions = store.write(handle -> run(handle, combination));
        } catch (RuntimeException | Error e) {
            List<Pending<P, D>> taken = abandon(combination);
            RuntimeException failure = combination.failure;
            // the combined write's own failure, final (not run again): rolled back, so each runs alone (a lone
            // request's failure is its own already); anything else (store closed, commit failed, busy) each
            // request would have met alone too
            boolean own = failure != null && (e == failure || e.getCause() == failure) && taken.size() > 1;
            // the leader's own interruption (the server closing its connection) is not the others': they run
            // alone (what the combined write may still commit, a run alone finds)
            boolean leaderOnly = e.getCause() instanceof InterruptedException;
            taken.forEach(p -> p.decision().completeExceptionally(
                    own || leaderOnly && p != mine ? RUN_ALONE : e));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        List<Pending<P, D>> taken = combination.taken;
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).decision().complete(decisions.get(i));
        }
    }

    // on the writer thread; a group that failed runs again, so the requests are taken at the first run only
    private List<D> run(Handle handle, Combination<P, D> combination) {
        List<Pending<P, D>> requests;
        lock.lock();
        try {
            if (combination.abandoned) {
                return List.of(); // its leader gave up waiting (store busy) and answered its requests so
            }
            if (combination.taken == null) {
                combination.taken = pending;
                pending = new ArrayList<>();
                scheduled = null;
            }
            requests = combination.taken;
        } finally {
            lock.unlock();
        }
        try {
            List<D> decisions = decideEach(handle, requests);
            combination.failure = null;
            return decisions;
        } catch (RuntimeException e) {
            combination.failure = e;
            throw e;
        }
    }

    // what the combined write took, or everything that joined it if it never ran; it will not take them later
    private List<Pending<P, D>> abandon(Combination<P, D> combination) {
        lock.lock();
        try {
            if (combination.taken == null) {
                combination.taken = pending;
                pending = new ArrayList<>();
                scheduled = null;
            }
            combination.abandoned = true;
            return combination.taken;
        } finally {
            lock.unlock();
        }
    }

    /** Requests that joined a combined write the writer has not run yet. */
    int waiting() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    // per user (the combined decision is one user's), each request's decision back in its place; users and
    // keys in order, so that two instances on PostgreSQL take the keys' locks in the same order (no deadlock)
    private List<D> decideEach(Handle handle, List<Pending<P, D>> requests) {
        if (requests.size() == 1) {
            Pending<P, D> only = requests.getFirst();
            return List.of(single.decide(handle, only.user(), only.request()));
        }
        Map<String, List<Integer>> byUser = new TreeMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byUser.computeIfAbsent(requests.get(i).user(), user -> new ArrayList<>()).add(i);
        }
        byUser.values().forEach(indexes -> indexes.sort(
                Comparator.comparing(i -> order.apply(requests.get(i).request()))));
        List<D> decisions = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            decisions.add(null);
        }
        for (Map.Entry<String, List<Integer>> user : byUser.entrySet()) {
            List<P> theirs = user.getValue().stream().map(i -> requests.get(i).request()).toList();
            List<D> decided = combined.decideAll(handle, user.getKey(), theirs);
            for (int j = 0; j < decided.size(); j++) {
                decisions.set(user.getValue().get(j), decided.get(j));
            }
        }
        return decisions;
    }
}
