package io.hookpoint.sms;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.hookpoint.idempotency.IdempotencyLog;
import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The messages table's repository on a real SQLite file and a real PostgreSQL. */
class MessageRepositoryTest {
    private static final SmsDraft DRAFT = new SmsDraft("+420777123456", "Ahoj Zuzano", SmsText.measure("Ahoj Zuzano"),
            "Shop", "customer-1", "scenario-2", "action-3", "order-4");

    private static IdempotencyRecord record(String user, String key, String messageId, long at) {
        return new IdempotencyRecord(user, key, "fingerprint-" + key, 200,
                ("{\"message_id\":\"" + messageId + "\"}").getBytes(StandardCharsets.UTF_8), messageId, at);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesTheMessageWithItsKeyAndReadsEveryColumnBack(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            MessageRepository messages = new MessageRepository(store);
            IdempotencyRecord first = record("alice", "k1", "m1", 1_764_000_000_123L);

            assertThat(store.<Boolean>write(h -> messages.insertWithRecord(h, first, DRAFT))).isTrue();

            assertThat(messages.find("m1", "alice")).contains(new StoredSms("m1", "alice", "k1", "+420777123456",
                    "Shop", "Ahoj Zuzano", "GSM-7", 1, "customer-1", "scenario-2", "action-3", "order-4",
                    SmsStatus.QUEUED, 1_764_000_000_123L, 1_764_000_000_123L, 0, null, null));
            assertThat(messages.find("m1", "bob")).as("another user's message").isEmpty();
            assertThat(new IdempotencyLog(store).find("alice", "k1")).hasValueSatisfying(r -> {
                assertThat(r.messageId()).isEqualTo("m1");
                assertThat(r.fingerprint()).isEqualTo("fingerprint-k1");
                assertThat(r.responseBody()).isEqualTo(first.responseBody());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aKeyDecidedBeforeInsertsNoSecondMessage(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            MessageRepository messages = new MessageRepository(store);
            SmsDraft bare = new SmsDraft("+15551234567", "Hi", SmsText.measure("Hi"), null, null, null, null, null);

            assertThat(store.<Boolean>write(h -> messages.insertWithRecord(h, record("alice", "k", "m1", 1), bare))).isTrue();
            assertThat(store.<Boolean>write(h -> messages.insertWithRecord(h, record("alice", "k", "m2", 2), bare))).isFalse();
            assertThat(store.<Boolean>write(h -> messages.insertWithRecord(h, record("bob", "k", "m3", 3), bare))).isTrue();

            assertThat(messages.count()).isEqualTo(2);
            assertThat(messages.find("m2", "alice")).isEmpty();
            assertThat(messages.find("m1", "alice")).hasValueSatisfying(sms -> {
                assertThat(sms.sender()).isNull();
                assertThat(sms.customerId()).isNull();
                assertThat(sms.reference()).isNull();
            });
            assertThat(messages.countByStatus()).isEqualTo(Map.of(SmsStatus.QUEUED, 2L));
        }
    }
}
