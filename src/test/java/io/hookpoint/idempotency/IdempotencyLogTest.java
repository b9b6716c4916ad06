package io.hookpoint.idempotency;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, fingerprints and the log's table on a real SQLite file and a real PostgreSQL. */
class IdempotencyLogTest {
    private static final List<String> FIELDS = List.of("to", "text", "campaign");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static Optional<IdempotencyRecord> find(Store store, String user, String key) {
        return new IdempotencyLog(store).find(user, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "scenario-1:action-2:customer-3", "~!@#$%^&*()_+{}|<>?"})
    void validKeys(String key) {
        assertThat(IdempotencyKey.validate(key)).contains(key);
    }

    @Test
    void invalidKeys() {
        assertThat(IdempotencyKey.validate(null)).isEmpty();
        assertThat(IdempotencyKey.validate("")).isEmpty();
        assertThat(IdempotencyKey.validate("x".repeat(256))).isEmpty();
        assertThat(IdempotencyKey.validate("with space")).isEmpty();
        assertThat(IdempotencyKey.validate("crlf\r\nInjected: yes")).isEmpty();
        assertThat(IdempotencyKey.validate("ünïcode")).isEmpty();
        assertThat(IdempotencyKey.validate("del\u007f")).isEmpty();
    }

    @Test
    void fingerprintsIgnoreOrderSpacingAndUnknownFields() {
        String a = Fingerprint.of(json("{\"to\":\"+1\",\"text\":\"x\",\"campaign\":{\"a\":1,\"b\":2}}"), FIELDS);
        String b = Fingerprint.of(json("{ \"campaign\":{\"b\":2,\"a\":1}, \"text\":\"x\", \"to\":\"+1\", \"z\":0 }"),
                FIELDS);

        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void fingerprintsTellDifferentRequestsApart() {
        String base = Fingerprint.of(json("{\"to\":\"+1\",\"text\":\"x\"}"), FIELDS);

        assertThat(Fingerprint.of(json("{\"to\":\"+1\",\"text\":\"y\"}"), FIELDS)).isNotEqualTo(base);
        assertThat(Fingerprint.of(json("{\"to\":\"+1\",\"text\":\"x\",\"campaign\":{}}"), FIELDS)).isNotEqualTo(base);
        assertThat(Fingerprint.of(json("{\"to\":\"+1\",\"text\":null}"), FIELDS)).isNotEqualTo(base)
                .isNotEqualTo(Fingerprint.of(json("{\"to\":\"+1\"}"), FIELDS));
        // a value cannot pose as a field boundary
        assertThat(Fingerprint.of(json("{\"to\":\"+1\\ntext=\\\"x\\\"\"}"), FIELDS)).isNotEqualTo(base);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recordsAreKeptPerUserAndPurgedAfterTheRetention(Engine engine, @TempDir Path dir) {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "FULL",
                Duration.ofSeconds(5)))) {
            store.write(h -> {
                IdempotencyLog log = new IdempotencyLog(store);
                log.insert(h, new IdempotencyRecord("alice", "old", "f", 200, "{}".getBytes(), "m1",
                        now.minus(Duration.ofHours(73)).toEpochMilli()));
                log.insert(h, new IdempotencyRecord("alice", "new", "f", 200, "{}".getBytes(), "m2",
                        now.minus(Duration.ofHours(71)).toEpochMilli()));
                log.insert(h, new IdempotencyRecord("bob", "old", "f", 200, "{\"b\":1}".getBytes(), null,
                        now.minus(Duration.ofHours(1)).toEpochMilli()));
                return null;
            });

            IdempotencyPurger purger = new IdempotencyPurger(store, Duration.ofHours(72),
                    Clock.fixed(now, ZoneOffset.UTC));
            int purged = purger.purge();
            purger.close();

            assertThat(purged).isEqualTo(1);
            assertThat(find(store, "alice", "old")).isEmpty();
            assertThat(find(store, "alice", "new")).isPresent();
            assertThat(find(store, "bob", "old"))
                    .hasValueSatisfying(r -> assertThat(new String(r.responseBody())).isEqualTo("{\"b\":1}"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void purgingManyRecordsGoesInBatches(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            store.write(h -> {
                IdempotencyLog log = new IdempotencyLog(store);
                for (int i = 0; i < 1_234; i++) {
                    log.insert(h, new IdempotencyRecord("u", "k" + i, "f", 200, new byte[0], null, 0));
                }
                return null;
            });
            IdempotencyPurger purger = new IdempotencyPurger(store, Duration.ofHours(1), Clock.systemUTC());

            assertThat(purger.purge()).isEqualTo(1_234);
            purger.close();
        }
    }
}
