package io.hookpoint.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The store: the embedded SQLite file (WAL mode), or PostgreSQL shared by several instances; what
 * differs between the two is in {@link Dialect}.
 *
 * <p>SQLite takes one writer at a time and a durable commit costs an fsync, so writes go to one
 * writer thread that commits every write waiting at that moment in one transaction ("group commit"):
 * under load many requests share one fsync, and {@code synchronous=FULL} costs almost nothing. Each
 * write runs inside its own savepoint, so a failing write is rolled back alone; a write's caller gets
 * its result only after the commit. Reads use connections of their own and are never blocked by a
 * write. On PostgreSQL each instance has its own writer doing the same (one commit, one WAL flush, for
 * many requests); rows shared with other instances are protected by PostgreSQL's locks, and a write
 * that loses a deadlock to another instance's transaction is run again in the next one. Every database
 * failure surfaces as {@link StoreUnavailableException}, answered 503 so that Bloomreach retries.
 */
public final class Store implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Store.class.getName());
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final int MAX_GROUP = 512;

    private static final int MAX_RUNS = 4;

    private final StoreSettings settings;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final AutoCloseable pool;
    private final BlockingDeque<Write<?>> queue = new LinkedBlockingDeque<>();
    private final Thread writerThread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong retriedWrites = new AtomicLong();
    private static final RuntimeException RUN_AGAIN = new RuntimeException("run again", null, false, false) {
        private static final long serialVersionUID = 1L;
    };
    private volatile boolean closed;
    private Handle writer;
    // prepared once per writer connection: the hot writes skip Jdbi's per-statement work
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** One write waiting for the writer thread; {@code runs} counts the transactions it was tried in. */
    private record Write<T>(HandleCallback<T, RuntimeException> callback, CompletableFuture<T> result, int runs) {
        Write<T> again() {
            return new Write<>(callback, result, runs + 1);
        }
    }

    private static final Write<Void> STOP = new Write<>(h -> null, new CompletableFuture<>(), 0);

    private Store(StoreSettings settings, Dialect dialect, Jdbi jdbi, AutoCloseable pool) {
        this.settings = settings;
        this.dialect = dialect;
        this.jdbi = jdbi;
        this.pool = pool;
        this.writerThread = Thread.ofPlatform().daemon().name("store-writer").start(this::writeLoop);
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param settings where the store is and how it commits
     * @return the open store
     */
    public static Store open(StoreSettings settings) {
        Dialect dialect = settings.dialect();
        Jdbi jdbi;
        AutoCloseable pool = null;
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(settings.url().substring(SQLITE_PREFIX.length()));
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().toUpperCase()));
            config.setBusyTimeout((int) settings.timeout().toMillis());
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.enforceForeignKeys(true);
            var properties = config.toProperties();
            jdbi = Jdbi.create(() -> DriverManager.getConnection(settings.url(), properties));
        } else {
            HikariDataSource dataSource = postgresPool(settings);
            pool = dataSource;
            jdbi = Jdbi.create(dataSource);
        }
        jdbi.installPlugin(new SqlObjectPlugin());
        Store store = new Store(settings, dialect, jdbi, pool);
        try {
            int version = store.write(h -> Migrations.apply(h, dialect));
            LOGGER.log(System.Logger.Level.INFO, "Store {0} at schema version {1}", redacted(settings.url()), version);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    // the writer holds one connection for good; reads share the rest
    private static HikariDataSource postgresPool(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hookpoint-store");
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(2);
        config.setConnectionTimeout(Math.max(250, settings.timeout().toMillis()));
        config.setInitializationFailTimeout(settings.timeout().toMillis());
        // a request never waits for a lock longer than the store's timeout: it gets 503 and is retried
        config.setConnectionInitSql("SET lock_timeout = " + settings.timeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Cannot connect to " + redacted(settings.url()) + ": " + e.getMessage(), e);
        }
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
        Write<T> write = new Write<>(callback, new CompletableFuture<>(), 1);
        queue.add(write);
        try {
            // the writer gives up on a locked database after the busy timeout; this is a safety net
            return write.result().get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("Write failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("Store busy: the write did not commit within "
                    + settings.timeout().multipliedBy(2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the commit", e);
        }
    }

    /**
     * A prepared statement on the writer's connection, prepared once and reused, for the writes on
     * the request path (Jdbi's per-statement configuration work would make the single writer thread
     * the bottleneck). Only for use inside a {@link #write} callback, with the handle it was given.
     *
     * @param handle the handle of the write callback
     * @param sql    SQL with {@code ?} parameters
     * @return the statement, parameters cleared
     */
    public PreparedStatement prepared(Handle handle, String sql) {
        if (Thread.currentThread() != writerThread || handle != writer) {
            throw new IllegalStateException("prepared() is for write callbacks only");
        }
        try {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = writer.getConnection().prepareStatement(sql);
                prepared.put(sql, statement);
            }
            statement.clearParameters();
            return statement;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot prepare a statement: " + e.getMessage(), e);
        }
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
            return write(h -> h.execute("""
                    INSERT INTO store_probe (id, probed_at) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at""", now)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Commits so far. */
    public long commits() {
        return commits.get();
    }

    /** Writes committed so far (a commit carries one or more). */
    public long committedWrites() {
        return committedWrites.get();
    }

    /** Time spent committing groups so far, in nanoseconds. */
    public long commitNanos() {
        return commitNanos.get();
    }

    /** Writes waiting for the writer now. */
    public int pendingWrites() {
        return queue.size();
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
        queue.add(STOP);
        try {
            writerThread.join(settings.timeout().toMillis() * 2 + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                LOGGER.log(System.Logger.Level.WARNING, "Closing the connection pool failed", e);
            }
        }
    }

    // a URL for the log: without a password= parameter
    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private void writeLoop() {
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
                commitGroup(group);
            }
            group.clear();
        }
        closeWriter();
        for (Write<?> left = queue.poll(); left != null; left = queue.poll()) {
            left.result().completeExceptionally(new StoreUnavailableException("Store is closed (shutting down)", null));
        }
    }

    private void commitGroup(List<Write<?>> group) {
        // On PostgreSQL a savepoint is two more round trips per write, and the writes of the request
        // path do not fail on their own (conflicts are ON CONFLICT DO NOTHING). So a group runs without
        // them first; if a write fails, the group is rolled back and runs again with a savepoint per
        // write, so that the failing write fails alone. On SQLite savepoints cost next to nothing.
        boolean savepoints = dialect == Dialect.SQLITE || group.size() == 1;
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
                } catch (RuntimeException e) {
                    rollbackQuietly();
                    return false;
                }
            }
            writer.commit();
        } catch (RuntimeException e) {
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
        executePrepared("SAVEPOINT hookpoint_write");
        try {
            Object result = write.callback().withHandle(writer);
            executePrepared("RELEASE SAVEPOINT hookpoint_write");
            results.add(result);
            failures.add(null);
        } catch (RuntimeException e) {
            executePrepared("ROLLBACK TO SAVEPOINT hookpoint_write");
            executePrepared("RELEASE SAVEPOINT hookpoint_write");
            results.add(null);
            if (dialect.isRetryable(e) && write.runs() < MAX_RUNS) {
                // a deadlock victim: the locks it waited for are gone once this group commits
                failures.add(RUN_AGAIN);
            } else {
                failures.add(e instanceof JdbiException
                        ? new StoreUnavailableException("Write failed: " + e.getMessage(), e) : e);
            }
        }
    }

    /** Writes run again in a later transaction after losing a deadlock (PostgreSQL) so far. */
    public long retriedWrites() {
        return retriedWrites.get();
    }

    private void executePrepared(String sql) {
        try {
            prepared(writer, sql).execute();
        } catch (SQLException e) {
            throw new StoreUnavailableException(sql + " failed: " + e.getMessage(), e);
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
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "Closing a prepared statement failed", e);
            }
        }
        prepared.clear();
        if (writer != null) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Closing the writer connection failed", e);
            }
            writer = null;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("Store is closed (shutting down)", null);
        }
    }

    private static void createParentDirectory(String path) {
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database directory " + parent, e);
        }
    }
}
