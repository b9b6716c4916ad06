package io.hookpoint.store;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The store: the embedded SQLite file (WAL mode), or PostgreSQL shared by several instances; what
 * differs between the two engines is in {@link Dialect} and in the repositories of the features.
 *
 * <p>SQLite takes one writer at a time and a durable commit costs an fsync, so writes go to one
 * writer thread ({@link GroupCommitWriter}) that commits every write waiting at that moment in one
 * transaction: under load many requests share one fsync, and {@code synchronous=FULL} costs almost
 * nothing. A write's caller gets its result only after the commit. Reads use connections of their own
 * and are never blocked by a write. On PostgreSQL each instance has its own writer doing the same (one
 * commit, one WAL flush, for many requests); rows shared with other instances are protected by
 * PostgreSQL's locks, and a write that loses a deadlock to another instance's transaction is run again
 * in the next one. Every database failure surfaces as {@link StoreUnavailableException}, answered 503
 * so that Bloomreach retries.
 */
public final class Store implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Store.class.getName());
    // the store's own table: readiness proves with a real write that the store takes writes
    private static final String PROBE = """
            INSERT INTO store_probe (id, probed_at) VALUES (1, :probedAt)
            ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at""";

    private final StoreSettings settings;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final AutoCloseable pool;
    private final GroupCommitWriter writer;
    private volatile boolean closed;

    private Store(StoreSettings settings, DataSources sources) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.jdbi = sources.jdbi();
        this.pool = sources.pool();
        // the writer gives up on a locked database after the busy timeout; twice that is a safety net
        this.writer = new GroupCommitWriter(jdbi, dialect, settings.timeout().multipliedBy(2));
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param settings where the store is and how it commits
     * @return the open store
     */
    public static Store open(StoreSettings settings) {
        String url = DataSources.redacted(settings.url());
        Store store;
        try {
            store = new Store(settings, DataSources.open(settings));
        } catch (IllegalArgumentException e) {
            // a URL of another database: a wrong setting, not a store that is down
            throw e;
        } catch (RuntimeException e) {
            throw cannotOpen(url, e);
        }
        try {
            int version = store.write(h -> Migrations.apply(h, store.dialect));
            LOGGER.log(System.Logger.Level.INFO, "Store {0} at schema version {1}", url, version);
        } catch (RuntimeException e) {
            store.close();
            throw cannotOpen(url, e);
        }
        return store;
    }

    // one message that names the store (never its password) for the start-up line
    private static StoreUnavailableException cannotOpen(String url, RuntimeException e) {
        return new StoreUnavailableException("Cannot open the store " + url + ": " + e.getMessage(), e);
    }

    /** The engine. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs a read on a connection of its own.
     *
     * @param callback the read
     * @param <T>      what the read returns
     * @return the callback's result
     */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        ensureOpen();
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreUnavailableException("Read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a write, in the writer's next transaction; returns after that transaction committed.
     *
     * @param callback the write: plain statements, no transaction handling, no open result sets
     * @param <T>      what the write returns
     * @return the callback's result, after the commit
     * @throws StoreUnavailableException when the write or its commit failed, or took longer than
     *                                   twice the store's timeout
     */
    public <T> T write(HandleCallback<T, RuntimeException> callback) {
        ensureOpen();
        // no timed wait: the writer's watchdog fails a write that takes longer than twice the timeout
        return awaitCommit(writer.submit(callback));
    }

    /**
     * Waits for the result of a write (or of work that ends with one), failing as {@link #write} does.
     *
     * @param result the write's result, completed after its commit
     * @param <T>    what the write returns
     * @return the result
     * @throws RuntimeException          the write's own failure, as it was thrown
     * @throws StoreUnavailableException when it failed otherwise, or the waiting thread was interrupted
     */
    public static <T> T awaitCommit(Future<T> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("Write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the commit", e);
        }
    }

    /**
     * A statement prepared once on the writer's connection and reused, its parameters bound by name,
     * for the writes on the request path (Jdbi's per-statement configuration work would make the single
     * writer thread the bottleneck). Only inside a {@link #write} callback, with the handle it was given.
     *
     * @param handle the handle of the write callback
     * @param sql    the statement
     * @return the statement, no parameter bound yet
     */
    public NamedStatement prepared(Handle handle, NamedSql sql) {
        return writer.prepared(handle, sql);
    }

    /**
     * A statement over many rows ({@link RowsSql}) for this many rows, prepared once on the writer's
     * connection and reused, its parameters bound in order; for a batch's inserts. Only inside a
     * {@link #write} callback, with the handle it was given.
     *
     * @param handle the handle of the write callback
     * @param sql    the statement
     * @param rows   how many rows, at most {@link RowsSql#MAX_ROWS}
     * @return the statement, no parameter bound yet
     */
    public RowsStatement prepared(Handle handle, RowsSql sql, int rows) {
        if (rows < 1 || rows > RowsSql.MAX_ROWS) {
            throw new IllegalArgumentException("1 to " + RowsSql.MAX_ROWS + " rows, not " + rows);
        }
        return writer.prepared(handle, sql, rows);
    }

    /**
     * Whether the store takes a real write now (a row in {@code store_probe}): false on a full disk, a
     * read-only file, or a lock held past the timeout.
     *
     * @return true when it does
     */
    public boolean isWritable() {
        try {
            long now = System.currentTimeMillis();
            return write(h -> h.createUpdate(PROBE).bind("probedAt", now).execute()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Commits so far. */
    public long commits() {
        return writer.commits();
    }

    /** Writes committed so far (a commit carries one or more). */
    public long committedWrites() {
        return writer.committedWrites();
    }

    /** Time spent committing groups so far, in nanoseconds. */
    public long commitNanos() {
        return writer.commitNanos();
    }

    /** Writes waiting for the writer now. */
    public int pendingWrites() {
        return writer.pending();
    }

    /** Writes run again in a later transaction after losing a deadlock (PostgreSQL) so far. */
    public long retriedWrites() {
        return writer.retriedWrites();
    }

    /**
     * Finishes the writes already submitted, then closes; later writes are refused.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.stop(settings.timeout().multipliedBy(2).plusSeconds(1));
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                LOGGER.log(System.Logger.Level.WARNING, "Closing the connection pool failed", e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("Store is closed (shutting down)", null);
        }
    }
}
