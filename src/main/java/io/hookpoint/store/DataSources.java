package io.hookpoint.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Opens the connections of the store: a fresh connection per use on the SQLite file (opening one is
 * cheap, and WAL readers never block the writer), a pool on PostgreSQL.
 *
 * @param jdbi the connections, through Jdbi
 * @param pool what to close at the end (the PostgreSQL pool), or null
 */
record DataSources(Jdbi jdbi, AutoCloseable pool) {
    private static final int SQLITE_BUSY = 5;
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    static DataSources open(StoreSettings settings) {
        DataSources sources = switch (settings.dialect()) {
            case SQLITE -> sqlite(settings);
            case POSTGRESQL -> {
                HikariDataSource pool = postgresPool(settings);
                yield new DataSources(Jdbi.create(pool), pool);
            }
        };
        sources.jdbi().installPlugin(new SqlObjectPlugin());
        return sources;
    }

    private static DataSources sqlite(StoreSettings settings) {
        createPrivately(settings.url().substring(SQLITE_PREFIX.length()));
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().toUpperCase()));
        config.setBusyTimeout((int) settings.timeout().toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        // nothing reads generated keys; left on, the driver matches every statement against a pattern and runs
        // "SELECT last_insert_rowid()" after each insert: a tenth of the writer thread's time (async-profiler)
        config.setGetGeneratedKeys(false);
        // 64 MiB of pages per connection instead of SQLite's 2 MiB: the keys' and recipients' indexes take
        // inserts at random places, and with the small cache the writer read those pages back from the kernel
        config.setCacheSize(-64 * 1024);
        var properties = config.toProperties();
        return new DataSources(Jdbi.create(() -> connect(settings, properties)), null);
    }

    // Opening a connection sets journal_mode=WAL; while another connection is switching the same new file,
    // SQLite answers that with SQLITE_BUSY at once, without its busy handler (seen when instances start
    // together): try again for up to the busy timeout, like any other lock
    private static Connection connect(StoreSettings settings, Properties properties) throws SQLException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(settings.url(), properties);
            } catch (SQLException e) {
                boolean busy = e.getErrorCode() == SQLITE_BUSY || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
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
            throw new StoreUnavailableException("cannot connect: " + e.getMessage(), e);
        }
    }

    // a URL for the log: without a password= parameter
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    // The file holds phone numbers and texts: its directory is made 0700 and the file 0600 before SQLite
    // opens it, and SQLite gives the -wal and -shm files it creates later the database file's mode (an
    // existing database is made 0600 too, with the -wal and -shm files it has now)
    private static void createPrivately(String path) {
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path file = Path.of(path.replaceFirst("\\?.*$", "")).toAbsolutePath();
        PrivateFiles.directory(file.getParent());
        try {
            PrivateFiles.touch(file);
            PrivateFiles.restrict(Path.of(file + "-wal"));
            PrivateFiles.restrict(Path.of(file + "-shm"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or restrict the database file " + file, e);
        }
    }
}
