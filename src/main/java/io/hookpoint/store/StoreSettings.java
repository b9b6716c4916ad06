package io.hookpoint.store;

import java.time.Duration;

/**
 * How to reach the store.
 *
 * @param url         JDBC URL; {@code jdbc:sqlite:PATH} for the embedded store
 * @param synchronous SQLite's {@code synchronous} setting: FULL survives a power cut, NORMAL a crash
 * @param timeout     longest wait for the database lock before the request is answered 503
 */
public record StoreSettings(String url, String synchronous, Duration timeout) {
}
