package io.hookpoint.store;

import java.time.Duration;
import java.util.Optional;

import io.hookpoint.config.HookpointConfig;

import io.helidon.config.Config;

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
     * Reads the settings ({@code hookpoint.db} in {@code application.yaml}).
     *
     * @param db the {@code hookpoint.db} node
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static StoreSettings from(Config db) {
        StoreSettings settings = new StoreSettings(db.get("url").asString().get(),
                db.get("synchronous").asString().get(),
                db.get("timeout").as(Duration.class).get(),
                HookpointConfig.optional(db.get("user")),
                HookpointConfig.optional(db.get("password")),
                db.get("pool").asInt().get());
        if (!settings.synchronous().matches("(?i)OFF|NORMAL|FULL|EXTRA")) {
            throw new IllegalArgumentException("hookpoint.db.synchronous must be OFF, NORMAL, FULL or EXTRA");
        }
        settings.dialect();
        if (settings.poolSize() < 2) {
            throw new IllegalArgumentException("hookpoint.db.pool must be at least 2 (the writer and a reader)");
        }
        return settings;
    }

    /**
     * Settings without credentials, with a pool of 8: for tests and tools that open a store directly.
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
