package io.hookpoint.store;

import java.sql.SQLException;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;

/**
 * The two engines, and what differs between them outside the features' repositories. Most SQL is the
 * same on both (standard SQL plus {@code ON CONFLICT} and {@code RETURNING}, which both have); what is not:
 * <ul>
 *     <li>column types in the migrations: they are written for SQLite and mapped here
 *     ({@code INTEGER} -> {@code BIGINT}, SQLite's integers being 64-bit; {@code BLOB} -> {@code BYTEA});</li>
 *     <li>migrations on PostgreSQL take an advisory lock, so instances starting together migrate once;</li>
 *     <li>claiming due messages ({@code DeliveryQueue}): {@code FOR UPDATE SKIP LOCKED} on PostgreSQL,
 *     where dispatchers of several instances claim at the same time;</li>
 *     <li>accepting a message ({@code MessageRepository}): on PostgreSQL the key's record and the message go
 *     in one statement (a data-modifying {@code WITH}), one round trip instead of two;</li>
 *     <li>which failures are worth running again: PostgreSQL's deadlock and serialization failures.</li>
 * </ul>
 */
public enum Dialect {
    /** The embedded default: one file, one writer. */
    SQLITE,
    /** Several instances sharing one database. */
    POSTGRESQL;

    private static final Pattern INTEGER = Pattern.compile("\\bINTEGER\\b");
    private static final Pattern BLOB = Pattern.compile("\\bBLOB\\b");
    // any constant: the lock that serialises migrations of instances starting at the same time
    private static final long MIGRATION_LOCK = 0x486f6f6b706f696eL;

    /**
     * The dialect of a JDBC URL.
     *
     * @param url {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}
     * @return the dialect
     * @throws IllegalArgumentException for any other URL
     */
    public static Dialect of(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL '" + url
                + "': Hookpoint stores messages in SQLite (jdbc:sqlite:PATH) or PostgreSQL (jdbc:postgresql://HOST/DB).");
    }

    /**
     * A migration statement, written for SQLite, in this dialect.
     *
     * @param sqlite the statement
     * @return the statement for this engine
     */
    String ddl(String sqlite) {
        if (this == SQLITE) {
            return sqlite;
        }
        return BLOB.matcher(INTEGER.matcher(sqlite).replaceAll("BIGINT")).replaceAll("BYTEA");
    }

    /**
     * Makes the migration transaction the only one at a time.
     *
     * @param handle the migration's handle, inside its transaction
     */
    void lockForMigration(Handle handle) {
        if (this == POSTGRESQL) {
            handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:lock)) locked").bind("lock", MIGRATION_LOCK)
                    .mapTo(Integer.class).one();
        }
    }

    /**
     * Whether a failed write may succeed when run again in the next transaction: PostgreSQL chose it
     * as the victim of a deadlock, or failed it for serialization. Two instances whose open transactions
     * each wait for a row of the other (duplicates of two keys sent to both at once) end that way.
     *
     * @param failure what the write threw
     * @return true to run it again
     */
    boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
