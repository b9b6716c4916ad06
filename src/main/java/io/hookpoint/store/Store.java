package io.hookpoint.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite store (a file in WAL mode). SQLite takes one writer at a time, so all writes go
 * through one connection, one transaction after the other; reads use connections of their own and are
 * never blocked by a write. Every database failure surfaces as {@link StoreUnavailableException}, which
 * the endpoint answers 503 so that Bloomreach retries.
 */
public final class Store implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Store.class.getName());
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final StoreSettings settings;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private Handle writer;
    private volatile boolean closed;

    private Store(StoreSettings settings, Jdbi jdbi) {
        this.settings = settings;
        this.jdbi = jdbi;
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param settings where the store is and how it commits
     * @return the open store
     */
    public static Store open(StoreSettings settings) {
        if (!settings.url().startsWith(SQLITE_PREFIX)) {
            throw new IllegalArgumentException("Unsupported database URL '" + settings.url()
                    + "': this version of Hookpoint stores messages in SQLite (jdbc:sqlite:PATH).");
        }
        createParentDirectory(settings.url().substring(SQLITE_PREFIX.length()));
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().toUpperCase()));
        config.setBusyTimeout((int) settings.timeout().toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        var properties = config.toProperties();
        Jdbi jdbi = Jdbi.create(() -> DriverManager.getConnection(settings.url(), properties))
                .installPlugin(new SqlObjectPlugin());
        Store store = new Store(settings, jdbi);
        int version = store.write(Migrations::apply);
        LOGGER.log(System.Logger.Level.INFO, "Store {0} at schema version {1}", settings.url(), version);
        return store;
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
     * Runs a write in one transaction, after the writes before it; commits before it returns.
     *
     * @param callback the write; it must not keep result sets open
     * @param <T>      what the write returns
     * @return the callback's result, after the commit
     */
    public <T> T write(HandleCallback<T, RuntimeException> callback) {
        ensureOpen();
        boolean locked;
        try {
            locked = writeLock.tryLock(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting to write", e);
        }
        if (!locked) {
            throw new StoreUnavailableException("Store busy: no write slot within " + settings.timeout(), null);
        }
        try {
            ensureOpen();
            if (writer == null) {
                writer = jdbi.open();
            }
            return writer.inTransaction(callback);
        } catch (JdbiException e) {
            // the connection may be broken (disk gone, file replaced): open a fresh one next time
            closeWriter();
            throw new StoreUnavailableException("Write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether the store answers a trivial query now.
     *
     * @return true when it does
     */
    public boolean isReady() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
            closeWriter();
        } finally {
            writeLock.unlock();
        }
    }

    private void closeWriter() {
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
