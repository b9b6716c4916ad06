package io.hookpoint.store;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the store.
 *
 * @param url         JDBC URL: {@code jdbc:sqlite:PATH} for the embedded store,
 *                    {@code jdbc:postgresql://HOST[:PORT]/DB} for several instances sharing PostgreSQL
 * @param synchronous SQLite's {@code synchronous} setting: FULL survives a power cut, NORMAL a crash
 * @param timeout     longest wait for a lock (SQLite's busy timeout, PostgreSQL's {@code lock_timeout})
 *                    before the request is answered 503
 * @param user        PostgreSQL user (or in the URL)
 * @param password    PostgreSQL password (or in the URL)
 * @param poolSize    PostgreSQL connections of this instance: one for the writer, the rest for reads
 */
public record StoreSettings(String url, String synchronous, Duration timeout, Optional<String> user,
                            Optional<String> password, int poolSize) {

    /**
     * Settings without credentials, with the default pool.
     *
     * @param url         JDBC URL
     * @param synchronous SQLite's {@code synchronous}
     * @param timeout     lock timeout
     */
    public StoreSettings(String url, String synchronous, Duration timeout) {
        this(url, synchronous, timeout, Optional.empty(), Optional.empty(), 8);
    }

    /** The engine of {@link #url()}. */
    public Dialect dialect() {
        return Dialect.of(url);
    }
}
