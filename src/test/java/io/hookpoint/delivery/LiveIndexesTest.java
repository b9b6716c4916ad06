package io.hookpoint.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hookpoint.sms.MessageRepository;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.QueryPlans;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partial indexes of the live messages (queued by due time, sending by lease end): a store of the version
 * before them gets them, and the claim reads them, never the whole table, on both engines.
 */
class LiveIndexesTest {
    private static final List<String> NEW_INDEXES = List.of("sms_message_queued", "sms_message_leased",
            "sms_message_settled", "sms_message_failed", "sms_message_provider_id");

    private static Store open(String url) {
        return Store.open(new StoreSettings(url, "NORMAL", Duration.ofSeconds(5)));
    }

    private static void set(Store store, String messageId, String assignments) {
        store.write(h -> h.createUpdate("UPDATE sms_message SET " + assignments + " WHERE message_id = :id")
                .bind("id", messageId).execute());
    }

    private static List<String> indexes(Store store, boolean partialOnly) {
        String sql = switch (store.dialect()) {
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sms_message'"
                    + (partialOnly ? " AND sql LIKE '%WHERE%'" : "");
            case POSTGRESQL -> "SELECT indexname FROM pg_indexes WHERE tablename = 'sms_message'"
                    + (partialOnly ? " AND indexdef LIKE '%WHERE%'" : "");
        };
        return store.read(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static int version(Store store) {
        return store.read(h -> h.createQuery("SELECT MAX(version) FROM schema_version").mapTo(Integer.class).one());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStoreOfThePreviousVersionGetsThePartialIndexesAndItsLiveMessagesAreStillClaimed(Engine engine,
                                                                                           @TempDir Path dir) {
        String url = TestDatabase.url(engine, dir);
        int latest;
        try (Store store = open(url)) {
            latest = version(store);
            // back to the version before: its indexes by status, and its schema_version
            store.write(h -> {
                for (String index : NEW_INDEXES) {
                    h.execute("DROP INDEX " + index);
                }
                h.execute("CREATE INDEX sms_message_due ON sms_message (status, next_attempt_at)");
                h.execute("CREATE INDEX sms_message_lease ON sms_message (status, lease_until)");
                h.execute("CREATE INDEX sms_message_provider_id ON sms_message (provider_message_id, provider)");
                h.execute("DELETE FROM schema_version WHERE version = " + latest);
                return null;
            });
            assertThat(indexes(store, false)).contains("sms_message_due", "sms_message_lease")
                    .doesNotContain("sms_message_queued");
            DeliveryQueueTest.accept(store, "due", 1_000);
            DeliveryQueueTest.accept(store, "later", 1_000);
            set(store, "later", "next_attempt_at = 50000");
            DeliveryQueueTest.accept(store, "expired", 1_000);
            set(store, "expired", "status = 'sending', lease_owner = 'dead', lease_until = 9000, attempts = 1");
            DeliveryQueueTest.accept(store, "held", 1_000);
            set(store, "held", "status = 'sending', lease_owner = 'alive', lease_until = 60000, attempts = 1");
            DeliveryQueueTest.accept(store, "sent", 1_000);
            set(store, "sent", "status = 'sent', attempts = 1, provider = 'stub', provider_message_id = 'p-1'");
            DeliveryQueueTest.accept(store, "failed", 1_000);
            set(store, "failed", "status = 'failed', attempts = 5");
        }

        try (Store store = open(url)) {
            assertThat(version(store)).isEqualTo(latest);
            assertThat(indexes(store, false)).doesNotContain("sms_message_due", "sms_message_lease");
            assertThat(indexes(store, true)).containsAll(NEW_INDEXES);
            assertThat(new MessageRepository(store).countByStatus()).isEqualTo(Map.of(SmsStatus.QUEUED, 2L,
                    SmsStatus.SENDING, 2L, SmsStatus.SENT, 1L, SmsStatus.FAILED, 1L));

            List<StoredSms> claimed = new DeliveryQueue(store).claimDue("me", 10_000, 70_000, 10);

            assertThat(claimed).extracting(StoredSms::messageId).as("the due one and the one whose lease ran out")
                    .containsExactlyInAnyOrder("due", "expired");
            assertThat(new DeliveryQueue(store).claimDue("me", 50_000, 110_000, 10)).extracting(StoredSms::messageId)
                    .containsExactly("later");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theClaimReadsOnlyThePartialIndexesOfALargeStore(Engine engine, @TempDir Path dir) {
        try (Store store = open(TestDatabase.url(engine, dir))) {
            QueryPlans.fillMessages(store, 200_000);

            List<String> plan = QueryPlans.plan(store, DeliveryQueue.claimDue(store.dialect()).sql(),
                    Map.of("owner", "me", "leaseUntil", 300_000L, "now", 250_000L, "limit", 256));

            assertThat(String.join("\n", plan)).as("the claim's plan").contains("sms_message_queued")
                    .contains("sms_message_leased").doesNotContainPattern("(?m)^SCAN sms_message$")
                    .doesNotContain("Seq Scan on sms_message");
            assertThat(new DeliveryQueue(store).claimDue("me", 250_000, 300_000, 1_000)).as("every live one is due")
                    .hasSize(400);
        }
    }
}
