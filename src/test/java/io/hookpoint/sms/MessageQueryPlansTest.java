package io.hookpoint.sms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.testing.QueryPlans;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestDatabase.Engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reads of {@code sms_message} by status outside delivery (the metrics' counts, re-queue's failed messages,
 * the content retention) on a store of 200,000 messages, mostly settled: each reads an index that holds only its
 * rows, never the whole table. SQLite only (it chooses plans without statistics, so a plan here is the plan in
 * service); the claim is checked on both engines in {@code LiveIndexesTest}.
 */
class MessageQueryPlansTest {
    // a scan of the table, or of an index other than the partial ones whose rows are exactly those counted
    private static final String WHOLE_TABLE =
            "(?m)^SCAN sms_message(?! USING (COVERING )?INDEX sms_message_(queued|leased|settled|failed)\\b).*$";

    private static String plan(Store store, String sql, Map<String, Object> binds) {
        return String.join("\n", QueryPlans.plan(store, sql, binds));
    }

    @Test
    void noReadByStatusScansTheWholeTable(@TempDir Path dir) {
        try (Store store = Store.open(new StoreSettings(TestDatabase.url(Engine.SQLITE, dir), "NORMAL",
                Duration.ofSeconds(5)))) {
            QueryPlans.fillMessages(store, 200_000);

            assertThat(plan(store, MessageRepository.COUNT_BY_STATUS, Map.of())).as("the metrics' counts")
                    .doesNotContainPattern(WHOLE_TABLE).contains("sms_message_queued", "sms_message_leased",
                            "COVERING INDEX sms_message_settled");
            assertThat(plan(store, MessageRepository.FAILED.formatted(" AND COALESCE(failed_at, updated_at) >= :from"),
                    Map.of("from", 0L))).as("re-queue's failed messages")
                    .doesNotContainPattern(WHOLE_TABLE).contains("sms_message_failed");
            assertThat(plan(store, MessageRepository.REDACT, Map.of("now", 1L, "cutoff", 100L, "limit", 500)))
                    .as("the content retention").doesNotContainPattern(WHOLE_TABLE).contains("sms_message_unredacted");

            assertThat(new MessageRepository(store).countByStatus()).isEqualTo(Map.of(SmsStatus.QUEUED, 200L,
                    SmsStatus.SENDING, 200L, SmsStatus.FAILED, 2_000L, SmsStatus.SENT, 65_867L,
                    SmsStatus.DELIVERED, 131_733L));
        }
    }
}
