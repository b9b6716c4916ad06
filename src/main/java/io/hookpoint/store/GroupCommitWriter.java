package io.hookpoint.store;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The store's one writer thread: it commits every write waiting at that moment in one transaction
 * ("group commit"), and completes each write's future only after the commit; when a write fails, the
 * group runs again with each write inside its own savepoint, so that the failing write is rolled back alone. It holds one connection for good, and the
 * statements prepared on it ({@link #prepared}). A write that has not committed within its patience (twice the
 * store's timeout) fails as "store busy" ({@link WriteWatchdog}).
 */
final class GroupCommitWriter {
    private static final System.Logger LOGGER = System.getLogger(GroupCommitWriter.class.getName());
    private static final int MAX_GROUP = 512;
    private static final int MAX_RUNS = 4;
    private static final NamedSql SAVEPOINT = NamedSql.of("SAVEPOINT hookpoint_write");
    private static final NamedSql RELEASE = NamedSql.of("RELEASE SAVEPOINT hookpoint_write");
    private static final NamedSql ROLLBACK_TO = NamedSql.of("ROLLBACK TO SAVEPOINT hookpoint_write");
    private static final RuntimeException RUN_AGAIN = new RuntimeException("run again", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /**
     * One write waiting for the writer thread; {@code runs} counts the transactions it was tried in,
     * {@code submitted} is when it was queued first ({@link System#nanoTime()}).
     */
    private record Write<T>(HandleCallback<T, RuntimeException> callback, CompletableFuture<T> result, int runs,
                            long submitted) {
        Write<T> again() {
            return new Write<>(callback, result, runs + 1, submitted);
        }
    }

    private static final Write<Void> STOP = new Write<>(h -> null, new CompletableFuture<>(), 0, Long.MAX_VALUE);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final BlockingDeque<Write<?>> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong retriedWrites = new AtomicLong();
    private final WriterStatements statements = new WriterStatements();
    private final Duration patience;
    // the group the writer thread is running, for the watchdog (a copy: the writer's list is its own)
    private volatile List<Write<?>> running = List.of();
    // set once the writer thread took its last look at the queue: a write queued later is failed by submit
    private volatile boolean stopped;
    private Handle writer;

    GroupCommitWriter(Jdbi jdbi, Dialect dialect, Duration patience) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.patience = patience;
        this.thread = Thread.ofPlatform().daemon().name("store-writer").start(this::writeLoop);
        WriteWatchdog.start(patience, thread, this::failOverdue);
    }

    /**
     * Queues a write for the next transaction; the future completes after its commit, or fails with
     * {@link StoreUnavailableException} once the write waited longer than the patience.
     */
    <T> CompletableFuture<T> submit(HandleCallback<T, RuntimeException> callback) {
        Write<T> write = new Write<>(callback, new CompletableFuture<>(), 1, System.nanoTime());
        queue.add(write);
        if (stopped) {
            // the writer is gone (stopped between the store's "closed" check and here): nobody else would answer
            failLeft();
        }
        return write.result();
    }

    /** A statement prepared once on the writer's connection; only on the writer thread, with its handle. */
    NamedStatement prepared(Handle handle, NamedSql sql) {
        return statements.named(writerConnection(handle), sql);
    }

    /** A many-row statement for this many rows, prepared once per text on the writer's connection; as {@link #prepared}. */
    RowsStatement prepared(Handle handle, RowsSql sql, int rows) {
        return statements.rows(writerConnection(handle), sql, rows);
    }

    private Connection writerConnection(Handle handle) {
        if (Thread.currentThread() != thread || handle != writer) {
            throw new IllegalStateException("prepared() is for write callbacks only");
        }
        return writer.getConnection();
    }

    long commits() {
        return commits.get();
    }

    long committedWrites() {
        return committedWrites.get();
    }

    long commitNanos() {
        return commitNanos.get();
    }

    long retriedWrites() {
        return retriedWrites.get();
    }

    int pending() {
        return queue.size();
    }

    /** Finishes the writes already queued, then stops; waits for that at most {@code wait}. */
    void stop(Duration wait) {
        queue.add(STOP);
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // on the watchdog's thread
    private void failOverdue(long now) {
        queue.forEach(write -> failIfOverdue(write, now));
        running.forEach(write -> failIfOverdue(write, now));
    }

    private void failIfOverdue(Write<?> write, long now) {
        if (write != STOP && now - write.submitted() > patience.toNanos() && !write.result().isDone()) {
            // the write may still commit later: its caller answers "try again" and the retry finds it
            write.result().completeExceptionally(new StoreUnavailableException(
                    "Store busy: the write did not commit within " + patience, null));
        }
    }

    private void writeLoop() {
        try {
            writeGroups();
        } finally {
            stopped = true;
            closeWriter();
            failLeft();
        }
    }

    private void failLeft() {
        for (Write<?> left = queue.poll(); left != null; left = queue.poll()) {
            left.result().completeExceptionally(new StoreUnavailableException("Store is closed (shutting down)", null));
        }
    }

    private void writeGroups() {
        List<Write<?>> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            if (group.remove(STOP)) {
                stopping = true;
                queue.drainTo(group);
                group.remove(STOP);
            }
            if (!group.isEmpty()) {
                running = List.copyOf(group);
                commitGroup(group);
                running = List.of();
            }
            group.clear();
        }
    }

    private void commitGroup(List<Write<?>> group) {
        // A savepoint is two more statements per write (on PostgreSQL two more round trips; on SQLite a
        // fifth of the writer thread's time in profiles of make bench), and the writes of the request path
        // and of delivery do not fail on their own (conflicts are ON CONFLICT DO NOTHING). So a group runs
        // without them first; if a write fails, the group is rolled back and runs again with a savepoint
        // per write, so that the failing write fails alone.
        boolean savepoints = group.size() == 1;
        if (!commitGroup(group, savepoints)) {
            commitGroup(group, true);
        }
    }

    // false only without savepoints, when a write failed: then the group was rolled back, nothing completed
    private boolean commitGroup(List<Write<?>> group, boolean savepoints) {
        long started = System.nanoTime();
        List<Object> results = new ArrayList<>(group.size());
        List<RuntimeException> failures = new ArrayList<>(group.size());
        try {
            if (writer == null) {
                writer = jdbi.open();
            }
            writer.begin();
            for (Write<?> write : group) {
                if (savepoints) {
                    runInSavepoint(write, results, failures);
                    continue;
                }
                try {
                    results.add(write.callback().withHandle(writer));
                    failures.add(null);
                } catch (RuntimeException | Error e) {
                    rollbackQuietly();
                    return false;
                }
            }
            writer.commit();
        } catch (RuntimeException | Error e) {
            // the transaction itself failed (locked past the busy timeout, disk full, file gone)
            StoreUnavailableException unavailable = new StoreUnavailableException("Commit failed: " + e.getMessage(), e);
            rollbackQuietly();
            closeWriter();
            group.forEach(write -> write.result().completeExceptionally(unavailable));
            return true;
        }
        commits.incrementAndGet();
        committedWrites.addAndGet(group.size());
        commitNanos.addAndGet(System.nanoTime() - started);
        for (int i = group.size() - 1; i >= 0; i--) {
            if (failures.get(i) == RUN_AGAIN) {
                retriedWrites.incrementAndGet();
                queue.addFirst(group.get(i).again());
            } else {
                complete(group.get(i), results.get(i), failures.get(i));
            }
        }
        return true;
    }

    // one write in a savepoint of its own, so that it fails alone; the statements are prepared once
    // (Jdbi's execute() would parse and configure each time)
    private void runInSavepoint(Write<?> write, List<Object> results, List<RuntimeException> failures) {
        prepared(writer, SAVEPOINT).update();
        try {
            Object result = write.callback().withHandle(writer);
            prepared(writer, RELEASE).update();
            results.add(result);
            failures.add(null);
        } catch (RuntimeException | Error e) {
            // an Error too fails its write alone: it must not end the writer thread, that every caller waits for
            prepared(writer, ROLLBACK_TO).update();
            prepared(writer, RELEASE).update();
            results.add(null);
            if (dialect.isRetryable(e) && write.runs() < MAX_RUNS) {
                // a deadlock victim: the locks it waited for are gone once this group commits
                failures.add(RUN_AGAIN);
            } else {
                failures.add(e instanceof RuntimeException runtime && !(e instanceof JdbiException) ? runtime
                        : new StoreUnavailableException("Write failed: " + e.getMessage(), e));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Write<T> write, Object result, RuntimeException failure) {
        if (failure != null) {
            write.result().completeExceptionally(failure);
        } else {
            write.result().complete((T) result);
        }
    }

    private void rollbackQuietly() {
        if (writer != null) {
            try {
                writer.rollback();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "Rollback after a failed commit failed too", e);
            }
        }
    }

    private void closeWriter() {
        statements.closeAll();
        if (writer != null) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Closing the writer connection failed", e);
            }
            writer = null;
        }
    }
}
