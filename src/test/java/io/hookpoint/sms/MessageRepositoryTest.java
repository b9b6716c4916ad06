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

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBatchInsertsInChunksOfManyRowsOnlyTheKeysNotDecidedBefore(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            MessageRepository messages = new MessageRepository(store);
            // decided before the batch: k7 (with its message), k300 (a refusal, no message)
            store.write(h -> messages.insertWithRecord(h, record("alice", "k7", "old-7", 1_000), DRAFT));
            store.write(h -> new IdempotencyLog(store).insert(h, record("alice", "k300", null, 1_000)));
            // 301 items: chunks of 256, 32, 8, 4 and 1 rows; every fifth a refused item without a message
            java.util.List<IdempotencyRecord> records = new java.util.ArrayList<>();
            java.util.List<SmsDraft> drafts = new java.util.ArrayList<>();
            for (int i = 0; i < 301; i++) {
                boolean refused = i % 5 == 0;
                records.add(record("alice", "k" + i, refused ? null : "m" + i, 2_000 + i));
                drafts.add(refused ? null : new SmsDraft("+42077712" + String.format("%04d", i), "text " + i,
                        SmsText.measure("text " + i), i % 2 == 0 ? null : "Shop", "c" + i, null, "a" + i, "r" + i));
            }
            long commits = store.commits();

            boolean[] inserted = store.write(h -> messages.insertAllWithRecords(h, records, drafts));

            assertThat(store.commits() - commits).as("one write").isEqualTo(1);
            for (int i = 0; i < 301; i++) {
                assertThat(inserted[i]).as("k" + i).isEqualTo(i != 7 && i != 300);
            }
            assertThat(messages.count()).as("the old one and the batch's messages").isEqualTo(1 + 301 - 61 - 1);
            assertThat(messages.find("old-7", "alice")).isPresent();
            assertThat(messages.find("m7", "alice")).as("k7 was decided before").isEmpty();
            assertThat(messages.find("m0", "alice")).as("a refused item").isEmpty();
            assertThat(messages.find("m299", "alice")).contains(new StoredSms("m299", "alice", "k299",
                    "+420777120299", "Shop", "text 299", "GSM-7", 1, "c299", null, "a299", "r299", SmsStatus.QUEUED,
                    2_299, 2_299, 0, null, null));
            assertThat(messages.find("m298", "alice")).hasValueSatisfying(sms -> assertThat(sms.sender()).isNull());
            assertThat(new IdempotencyLog(store).find("alice", "k5")).hasValueSatisfying(r -> {
                assertThat(r.messageId()).isNull();
                assertThat(r.responseBody()).isEqualTo(records.get(5).responseBody());
                assertThat(r.createdAt()).isEqualTo(2_005);
            });
            assertThat(new IdempotencyLog(store).find("alice", "k300")).hasValueSatisfying(r ->
                    assertThat(r.createdAt()).as("kept as decided before").isEqualTo(1_000));
        }
    }
}
