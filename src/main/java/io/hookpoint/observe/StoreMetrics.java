package io.hookpoint.observe;

import io.hookpoint.store.Store;

/** The store's meters: commits, the group size, commit time, waiting and retried writes. */
public final class StoreMetrics {
    private StoreMetrics() {
    }

    /**
     * Registers the store's meters.
     *
     * @param metrics the service's metrics
     * @param store   the store
     */
    public static void register(ServiceMetrics metrics, Store store) {
        // dotted names; the Prometheus output turns dots into underscores and adds _total to counts
        metrics.count("hookpoint.store.commits", "Store transactions committed", store::commits);
        metrics.count("hookpoint.store.committed.writes", "Writes committed (over commits: the group size)",
                store::committedWrites);
        metrics.gauge("hookpoint.store.commit.seconds.total", "Time spent committing, in seconds",
                () -> store.commitNanos() / 1e9);
        metrics.gauge("hookpoint.store.pending.writes", "Writes waiting for the writer", store::pendingWrites);
        metrics.count("hookpoint.store.retried.writes", "Writes run again (PostgreSQL deadlock victims)",
                store::retriedWrites);
    }
}
