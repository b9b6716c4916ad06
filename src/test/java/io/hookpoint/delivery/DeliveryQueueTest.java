package io.hookpoint.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.hookpoint.idempotency.IdempotencyRecord;
import io.hookpoint.sms.MessageRepository;
import io.hookpoint.sms.SmsDraft;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.SmsText;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims under a lease and outcomes on a real SQLite file and a real PostgreSQL. */
class DeliveryQueueTest {

    // a message accepted at the given time, stored as the request path stores it (LiveIndexesTest too)
    static void accept(Store store, String messageId, long at) {
        MessageRepository messages = new MessageRepository(store);
        SmsDraft draft = new SmsDraft("+15551234567", "Hi " + messageId, SmsText.measure("Hi"), null, null, null,
                null, null);
        store.write(h -> messages.insertWithRecord(h, new IdempotencyRecord("u", "key-" + messageId, "f", 200,
                new byte[0], messageId, at), draft));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void claimsDueMessagesOldestFirstAndRecordsOnlyUnderItsLease(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            DeliveryQueue queue = new DeliveryQueue(store);
            // stored newest first, so that only the claim's order by age can pick m1 and m2
            accept(store, "m3", 3_000);
            accept(store, "m2", 2_000);
            accept(store, "m1", 1_000);

            List<StoredSms> claimed = queue.claimDue("a", 10_000, 70_000, 2);

            assertThat(claimed).extracting(StoredSms::messageId).containsExactlyInAnyOrder("m1", "m2");
            assertThat(claimed).allSatisfy(sms -> {
                assertThat(sms.status()).isEqualTo(SmsStatus.SENDING);
                assertThat(sms.attempts()).isEqualTo(1);
                assertThat(sms.updatedAt()).isEqualTo(10_000);
            });
            assertThat(queue.claimDue("b", 10_000, 70_000, 5)).extracting(StoredSms::messageId)
                    .as("held leases are not claimed again").containsExactly("m3");

            assertThat(queue.recordOutcome("m1", "b", SmsStatus.SENT, null, 0, 11_000L, 11_000))
                    .as("not b's lease").isZero();
            assertThat(queue.recordOutcome("m1", "a", SmsStatus.SENT, null, 0, 11_000L, 11_000)).isEqualTo(1);
            assertThat(queue.recordOutcome("m2", "a", SmsStatus.QUEUED, "busy", 20_000, null, 11_000)).isEqualTo(1);

            assertThat(queue.status("m1")).contains(SmsStatus.SENT);
            assertThat(queue.status("m2")).contains(SmsStatus.QUEUED);
            assertThat(queue.status("nope")).isEmpty();
            assertThat(new MessageRepository(store).find("m1", "u")).hasValueSatisfying(sms -> {
                assertThat(sms.sentAt()).isEqualTo(11_000L);
                assertThat(sms.lastError()).isNull();
            });
            assertThat(queue.claimDue("a", 19_999, 80_000, 5)).as("m2 waits for its next attempt").isEmpty();
            assertThat(queue.claimDue("c", 70_001, 130_000, 5)).extracting(StoredSms::messageId)
                    .as("m3's lease ran out; m2 is due").containsExactlyInAnyOrder("m2", "m3")
                    .hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void outcomesAreRecordedInOneGroupEachOnlyUnderItsLeaseAndAThrottledAttemptIsRefunded(Engine engine,
                                                                                         @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            DeliveryQueue queue = new DeliveryQueue(store);
            accept(store, "g1", 1_000);
            accept(store, "g2", 2_000);
            accept(store, "g3", 3_000);
            queue.claimDue("a", 10_000, 70_000, 2);
            queue.claimDue("b", 10_000, 70_000, 1);
            long commits = store.commits();

            int[] updated = queue.recordOutcomes("a", List.of(
                    new DeliveryQueue.Outcome("g1", SmsStatus.SENT, null, 0, 11_000L, 0, 11_000),
                    new DeliveryQueue.Outcome("g2", SmsStatus.QUEUED, "provider answered 429", 12_000, null, 1, 11_000),
                    new DeliveryQueue.Outcome("g3", SmsStatus.SENT, null, 0, 11_000L, 0, 11_000)));

            assertThat(updated).as("g3 is b's").containsExactly(1, 1, 0);
            assertThat(store.commits() - commits).as("one write").isEqualTo(1);
            MessageRepository messages = new MessageRepository(store);
            assertThat(messages.find("g2", "u")).hasValueSatisfying(sms -> {
                assertThat(sms.status()).isEqualTo(SmsStatus.QUEUED);
                assertThat(sms.attempts()).as("the throttled attempt is refunded").isZero();
            });
            assertThat(messages.find("g1", "u")).hasValueSatisfying(sms -> assertThat(sms.attempts()).isEqualTo(1));
            assertThat(queue.status("g3")).contains(SmsStatus.SENDING);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aClaimedMessageCarriesWhatAnAttemptNeedsAsStored(Engine engine, @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            DeliveryQueue queue = new DeliveryQueue(store);
            SmsDraft draft = new SmsDraft("+447700900123", "Grüße ☃", SmsText.measure("Grüße ☃"), "Shop", "cust",
                    "scen", "act", "ref-1");
            store.write(h -> new MessageRepository(store).insertWithRecord(h, new IdempotencyRecord("user-1", "k-1",
                    "f", 200, new byte[0], "c1", 4_000), draft));

            // the claim reads its columns by position: each in its place, none shifted
            assertThat(queue.claimDue("a", 10_000, 70_000, 5)).singleElement().satisfies(sms -> {
                assertThat(sms.messageId()).isEqualTo("c1");
                assertThat(sms.userLogin()).isEqualTo("user-1");
                assertThat(sms.idempotencyKey()).isEqualTo("k-1");
                assertThat(sms.recipient()).isEqualTo("+447700900123");
                assertThat(sms.sender()).isEqualTo("Shop");
                assertThat(sms.text()).isEqualTo("Grüße ☃");
                assertThat(sms.encoding()).isEqualTo(SmsText.measure("Grüße ☃").encoding().label());
                assertThat(sms.segments()).isEqualTo(SmsText.measure("Grüße ☃").segments());
                assertThat(sms.reference()).isEqualTo("ref-1");
                assertThat(sms.status()).isEqualTo(SmsStatus.SENDING);
                assertThat(sms.createdAt()).isEqualTo(4_000);
                assertThat(sms.updatedAt()).isEqualTo(10_000);
                assertThat(sms.attempts()).isEqualTo(1);
                assertThat(sms.lastError()).isNull();
            });
            assertThat(queue.recordOutcome("c1", "a", SmsStatus.QUEUED, "busy", 20_000, null, 11_000)).isEqualTo(1);
            assertThat(queue.claimDue("a", 20_000, 80_000, 5)).singleElement().satisfies(sms -> {
                assertThat(sms.attempts()).isEqualTo(2);
                assertThat(sms.lastError()).isEqualTo("busy");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGroupOfManyOutcomesIsRecordedInStatementsOfManyRowsAndARepeatedMessageOnlyUnderItsLease(Engine engine,
                                                                                                @TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(engine, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            DeliveryQueue queue = new DeliveryQueue(store);
            for (int i = 0; i < 70; i++) {
                accept(store, "n" + i, 1_000 + i);
            }
            assertThat(queue.claimDue("a", 10_000, 70_000, 100)).hasSize(70);
            java.util.List<DeliveryQueue.Outcome> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 70; i++) {
                // 70 rows: statements of 64, 4 and 2; n1 is there twice, the first under a lease it no longer has
                if (i == 1) {
                    outcomes.add(new DeliveryQueue.Outcome("n1", SmsStatus.FAILED, "stale", 0, null, 0, 11_000)
                            .underLease(60_000));
                }
                outcomes.add(i % 2 == 0
                        ? new DeliveryQueue.Outcome("n" + i, SmsStatus.SENT, null, 0, 11_000L, 0, 11_000,
                                new DeliveryResult.Sent("http", "p-" + i, 2, "0.05", "EUR")).underLease(70_000)
                        : new DeliveryQueue.Outcome("n" + i, SmsStatus.QUEUED, "busy " + i, 20_000 + i, null, 1, 11_000)
                                .underLease(70_000));
            }

            int[] updated = queue.recordOutcomes("a", outcomes);

            assertThat(updated).hasSize(71);
            assertThat(updated[1]).as("n1 under a lease it does not hold").isZero();
            assertThat(java.util.Arrays.stream(updated).sum()).isEqualTo(70);
            MessageRepository messages = new MessageRepository(store);
            assertThat(messages.find("n68", "u")).hasValueSatisfying(sms -> {
                assertThat(sms.status()).isEqualTo(SmsStatus.SENT);
                assertThat(sms.sentAt()).isEqualTo(11_000L);
                assertThat(sms.tracking().providerMessageId()).isEqualTo("p-68");
                assertThat(sms.tracking().segmentsBilled()).isEqualTo(2);
                assertThat(sms.tracking().price()).isEqualTo("0.05");
                assertThat(sms.tracking().currency()).isEqualTo("EUR");
                assertThat(sms.attempts()).isEqualTo(1);
            });
            assertThat(messages.find("n1", "u")).hasValueSatisfying(sms -> {
                assertThat(sms.status()).isEqualTo(SmsStatus.QUEUED);
                assertThat(sms.lastError()).isEqualTo("busy 1");
                assertThat(sms.attempts()).as("refunded").isZero();
                assertThat(sms.tracking().failedAt()).isNull();
            });
            assertThat(messages.find("n69", "u")).hasValueSatisfying(sms -> {
                assertThat(sms.status()).isEqualTo(SmsStatus.QUEUED);
                assertThat(sms.lastError()).isEqualTo("busy 69");
            });
            assertThat(queue.claimDue("b", 20_050, 80_000, 100)).extracting(StoredSms::messageId)
                    .as("the queued ones whose time came").hasSize(25);
        }
    }
}
